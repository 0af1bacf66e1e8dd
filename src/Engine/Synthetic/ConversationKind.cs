namespace Weir.Engine.Synthetic;

/// <summary>The kinds of conversation the generator runs in its slots.</summary>
internal enum ConversationKind : byte
{
    /// <summary>A TCP connection: handshake, request/response exchanges, FIN teardown.</summary>
    Tcp,

    /// <summary>UDP request/response (DNS to port 53, NTP to 123).</summary>
    UdpExchange,

    /// <summary>A one-way UDP stream (media, syslog, tunnel).</summary>
    UdpStream,

    /// <summary>ICMP or ICMPv6 echo request/reply.</summary>
    Echo,
}
