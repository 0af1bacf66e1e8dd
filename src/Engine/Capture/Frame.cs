namespace Weir.Engine.Capture;

/// <summary>
/// One captured frame as a view over the source's buffer (a file read buffer or a kernel ring). It is valid only
/// during the <see cref="IFrameHandler.OnFrame"/> call that receives it: nothing is copied to make it.
/// </summary>
public readonly ref struct Frame
{
    /// <summary>Creates a frame view.</summary>
    /// <param name="data">The captured bytes, starting at the link-layer header.</param>
    /// <param name="timestampNs">Capture time in nanoseconds since the Unix epoch.</param>
    /// <param name="originalLength">Length of the frame on the wire, link header included.</param>
    /// <param name="linkType">Link-layer header type of <paramref name="data"/>.</param>
    /// <param name="direction">Capture direction, when the source records it.</param>
    public Frame(ReadOnlySpan<byte> data, long timestampNs, int originalLength, LinkType linkType, PacketDirection direction)
    {
        Data = data;
        TimestampNs = timestampNs;
        OriginalLength = originalLength;
        LinkType = linkType;
        Direction = direction;
    }

    /// <summary>The captured bytes (the captured length is <c>Data.Length</c>).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Capture time in nanoseconds since the Unix epoch.</summary>
    public long TimestampNs { get; }

    /// <summary>Length of the frame on the wire, link header included; what byte counters add up.</summary>
    public int OriginalLength { get; }

    /// <summary>Link-layer header type of <see cref="Data"/>.</summary>
    public LinkType LinkType { get; }

    /// <summary>Capture direction, when the source records it.</summary>
    public PacketDirection Direction { get; }
}
