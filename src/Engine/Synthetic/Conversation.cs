using System.Runtime.InteropServices;

namespace Weir.Engine.Synthetic;

/// <summary>
/// The state of one conversation in a generator slot: who talks to whom and where in its script it is.
/// Mutated in place for every frame; nothing about it is allocated per frame.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct Conversation
{
    public ConversationKind Kind;
    public bool IsIPv6;
    public ushort Vlan;
    public int ClientIndex;
    public UInt128 Client;
    public UInt128 Server;
    public ushort ClientPort;
    public ushort ServerPort;
    public byte Protocol;
    public ushort IpIdClient;
    public ushort IpIdServer;
    public byte TtlServer;
    public uint FlowLabel;

    /// <summary>Sum of the 16-bit words of both addresses: the address part of every pseudo-header checksum.</summary>
    public ulong AddressSum;

    /// <summary>Whether the conversation has sent its first frame (it is then counted as a connection).</summary>
    public bool Started;

    /// <summary>Index of the flow this conversation counts into, in the generator's truth table.</summary>
    public int FlowIndex;

    /// <summary>Position in the kind's script (see the Step constants of the generator).</summary>
    public int Step;

    /// <summary>Request/response exchanges (or echo pairs) still to run, the current one included.</summary>
    public int Exchanges;

    /// <summary>TCP: payload bytes left in the current burst. UDP stream: datagrams left.</summary>
    public long BurstLeft;

    /// <summary>TCP: whether the current burst goes from client to server.</summary>
    public bool BurstFromClient;

    /// <summary>TCP: data segments sent since the receiver last acknowledged.</summary>
    public int Unacknowledged;

    /// <summary>TCP: whether the receiver owes a pure ACK next.</summary>
    public bool AckPending;

    /// <summary>TCP: size of the response of the current exchange.</summary>
    public long ResponseBytes;

    /// <summary>TCP: whether the bulk of the bytes goes client to server.</summary>
    public bool Upload;

    /// <summary>TCP: whether this is a bulk transfer (one large response or upload).</summary>
    public bool Bulk;

    /// <summary>TCP: whether the client sends the first FIN.</summary>
    public bool ClientCloses;

    public uint ClientSeq;
    public uint ServerSeq;
    public int Mss;

    /// <summary>UDP: typical datagram payload of the conversation.</summary>
    public int Payload;

    /// <summary>UDP exchange / echo: whether the server never answers.</summary>
    public bool Silent;

    /// <summary>UDP exchange: seed of the current DNS query's id and name, so the response can repeat them.</summary>
    public ulong QuerySeed;

    public ushort EchoId;
    public ushort EchoSeq;

    /// <summary>Mean virtual time between the conversation's frames; small for bulk transfers.</summary>
    public double Gap;
}
