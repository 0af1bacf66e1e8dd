namespace Weir.Engine.Flows;

/// <summary>How one packet relates to its flow's orientation (client = flow source, server = destination).</summary>
[Flags]
internal enum FlowOrientation : byte
{
    /// <summary>The packet goes from client to server: its source is the flow source (a guess).</summary>
    Forward = 0,

    /// <summary>The packet goes from server to client: its destination is the flow source.</summary>
    Reverse = 1,

    /// <summary>The decision rests on TCP handshake or ICMP request/reply evidence, not on a guess.</summary>
    Confident = 2,
}
