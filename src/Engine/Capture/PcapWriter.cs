using System.Runtime.CompilerServices;

namespace Weir.Engine.Capture;

/// <summary>
/// Writes a classic pcap file (the libpcap format: a 24-byte file header, then a 16-byte record header before
/// each frame) to a <see cref="Stream"/>. Frames are copied into one large buffer that is written to the stream
/// when full, so writing a frame allocates nothing and costs one copy. Not thread-safe.
/// </summary>
/// <remarks>
/// The file is little-endian unless <c>bigEndian</c> is asked for (readers must accept both; tests use the
/// big-endian form to check that). Microsecond files carry magic <c>0xa1b2c3d4</c>, nanosecond files
/// <c>0xa1b23c4d</c>; the version is 2.4, the time zone and accuracy fields are zero.
/// </remarks>
public sealed class PcapWriter : IDisposable
{
    /// <summary>Snap length used when none is given: libpcap's default of 262 144 bytes.</summary>
    public const int DefaultSnapLength = 262_144;

    /// <summary>Size of the write buffer when none is given (4 MiB).</summary>
    public const int DefaultBufferSize = 4 << 20;

    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;

    private readonly CaptureWriteBuffer _output;

    /// <summary>Creates a writer and writes the file header into its buffer.</summary>
    /// <param name="stream">Where the file goes; written sequentially, never sought.</param>
    /// <param name="linkType">Link-layer header type of every frame (the header's network field).</param>
    /// <param name="snapLength">Longest captured length; longer frames are cut to it (their original length is kept).</param>
    /// <param name="nanosecondTimestamps">Whether record timestamps carry nanoseconds (magic <c>0xa1b23c4d</c>) rather than microseconds.</param>
    /// <param name="bigEndian">Whether to write every field big-endian (the file then starts with <c>a1 b2 c3 d4</c>).</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    /// <param name="bufferSize">Size of the write buffer; at least 64 KiB.</param>
    public PcapWriter(Stream stream, LinkType linkType = LinkType.Ethernet, int snapLength = DefaultSnapLength,
        bool nanosecondTimestamps = false, bool bigEndian = false, bool leaveOpen = false, int bufferSize = DefaultBufferSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(snapLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, CaptureWriteBuffer.MinBufferSize);
        _output = new CaptureWriteBuffer(stream, bigEndian, leaveOpen, bufferSize);
        LinkType = linkType;
        SnapLength = snapLength;
        NanosecondTimestamps = nanosecondTimestamps;

        Span<byte> header = _output.Reserve(FileHeaderLength);
        _output.WriteUInt32(header, nanosecondTimestamps ? 0xa1b23c4du : 0xa1b2c3d4u);
        _output.WriteUInt16(header[4..], 2);
        _output.WriteUInt16(header[6..], 4);
        _output.WriteUInt32(header[8..], 0);
        _output.WriteUInt32(header[12..], 0);
        _output.WriteUInt32(header[16..], (uint)snapLength);
        _output.WriteUInt32(header[20..], (uint)linkType);
    }

    /// <summary>Link-layer header type written in the file header.</summary>
    public LinkType LinkType { get; }

    /// <summary>Longest captured length written.</summary>
    public int SnapLength { get; }

    /// <summary>Whether timestamps are written with nanosecond resolution.</summary>
    public bool NanosecondTimestamps { get; }

    /// <summary>Frames written so far.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Bytes of file produced so far (headers included), buffered or not.</summary>
    public long BytesWritten => _output.BytesWritten;

    /// <summary>Sum of the original lengths of the frames written so far.</summary>
    public long OriginalBytesWritten { get; private set; }

    /// <summary>
    /// Writes one frame. The captured length is <c>min(data.Length, SnapLength)</c>; the recorded original
    /// length is <paramref name="originalLength"/>, which must be at least the captured length.
    /// </summary>
    /// <param name="data">The frame, starting at the link-layer header.</param>
    /// <param name="timestampNs">Capture time in nanoseconds since the Unix epoch (not negative); truncated to microseconds in a microsecond file.</param>
    /// <param name="originalLength">Length of the frame on the wire.</param>
    public void WriteFrame(ReadOnlySpan<byte> data, long timestampNs, int originalLength)
    {
        ObjectDisposedException.ThrowIf(_output.IsDisposed, this);
        int captured = Math.Min(data.Length, SnapLength);
        if (originalLength < captured || timestampNs < 0)
        {
            CaptureWriteBuffer.ThrowBadFrame(originalLength, captured, timestampNs);
        }

        int needed = RecordHeaderLength + captured;
        if (needed > _output.Capacity)
        {
            WriteLarge(data[..captured], timestampNs, originalLength);
            return;
        }

        Span<byte> record = _output.Reserve(needed);
        WriteRecordHeader(record, timestampNs, captured, originalLength);
        data[..captured].CopyTo(record[RecordHeaderLength..]);
        FramesWritten++;
        OriginalBytesWritten += originalLength;
    }

    /// <summary>Writes one frame whose original length is its full length.</summary>
    public void WriteFrame(ReadOnlySpan<byte> data, long timestampNs) => WriteFrame(data, timestampNs, data.Length);

    /// <summary>Writes the buffered bytes to the stream and flushes the stream.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_output.IsDisposed, this);
        _output.Flush();
    }

    /// <summary>Flushes, then closes the stream unless the writer was told to leave it open.</summary>
    public void Dispose() => _output.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteRecordHeader(Span<byte> record, long timestampNs, int captured, int originalLength)
    {
        long seconds = timestampNs / 1_000_000_000;
        long fraction = timestampNs - (seconds * 1_000_000_000);
        if (!NanosecondTimestamps)
        {
            fraction /= 1000;
        }

        _output.WriteUInt32(record, (uint)seconds);
        _output.WriteUInt32(record[4..], (uint)fraction);
        _output.WriteUInt32(record[8..], (uint)captured);
        _output.WriteUInt32(record[12..], (uint)originalLength);
    }

    /// <summary>Writes a record longer than the whole buffer straight to the stream, without copying the frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteLarge(ReadOnlySpan<byte> captured, long timestampNs, int originalLength)
    {
        Span<byte> header = stackalloc byte[RecordHeaderLength];
        WriteRecordHeader(header, timestampNs, captured.Length, originalLength);
        _output.WriteUnbuffered(header);
        _output.WriteUnbuffered(captured);
        FramesWritten++;
        OriginalBytesWritten += originalLength;
    }
}
