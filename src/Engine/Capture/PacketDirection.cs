namespace Weir.Engine.Capture;

/// <summary>Whether a frame was received by or sent from the capturing host, when the source knows.</summary>
public enum PacketDirection : byte
{
    /// <summary>The source does not record a direction (classic pcap, most pcapng files).</summary>
    Unknown = 0,
    /// <summary>Received by the capturing host.</summary>
    Inbound = 1,
    /// <summary>Sent by the capturing host.</summary>
    Outbound = 2,
}
