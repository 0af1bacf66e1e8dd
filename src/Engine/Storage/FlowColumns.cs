namespace Weir.Engine.Storage;

/// <summary>The columns of a block; a reader decodes only the ones asked for.</summary>
[Flags]
public enum FlowColumns
{
    /// <summary>No column.</summary>
    None = 0,

    /// <summary>Source addresses.</summary>
    Sip = 1 << 0,

    /// <summary>Destination addresses.</summary>
    Dip = 1 << 1,

    /// <summary>Destination ports.</summary>
    Dport = 1 << 2,

    /// <summary>IP protocol numbers.</summary>
    Proto = 1 << 3,

    /// <summary>Bytes received.</summary>
    BytesReceived = 1 << 4,

    /// <summary>Bytes sent.</summary>
    BytesSent = 1 << 5,

    /// <summary>Packets received.</summary>
    PacketsReceived = 1 << 6,

    /// <summary>Packets sent.</summary>
    PacketsSent = 1 << 7,

    /// <summary>The four counters.</summary>
    Counters = BytesReceived | BytesSent | PacketsReceived | PacketsSent,

    /// <summary>Every column.</summary>
    All = Sip | Dip | Dport | Proto | Counters,
}
