namespace Weir.Engine.Capture;

/// <summary>
/// A classic pcap file cut into consecutive byte ranges that start on records, for reading on several threads.
/// A record boundary inside a file cannot be read off the file; it is found by scanning from a cut point for a
/// chain of plausible record headers (<see cref="TryFindRecordStart"/>). That finding is a guess: it is proved
/// when the reader of the range before it ends exactly there (<see cref="PcapSegmentReader.Landed"/>), and
/// whoever reads the ranges must fall back to reading the file in one piece when a guess is not proved.
/// The file is mapped once; every range's reader works on the same mapping.
/// </summary>
internal sealed unsafe class PcapFileSegments : IDisposable
{
    /// <summary>Below this many bytes per range a file is not cut: the threads would cost more than they save.</summary>
    public const long DefaultMinimumSegmentBytes = 32L << 20;

    /// <summary>How many consecutive plausible record headers make a cut point.</summary>
    internal const int ChainLength = 8;

    /// <summary>How far past a cut point the scan for a record boundary looks.</summary>
    private const int ScanWindow = 4 << 20;

    private readonly long[] _starts;

    private readonly CaptureFileMapping _mapping;

    private PcapFileSegments(CaptureFileMapping mapping, string path, PcapFileFormat format, long[] starts)
    {
        _mapping = mapping;
        Path = path;
        Format = format;
        _starts = starts;
    }

    /// <summary>The file's path, for messages.</summary>
    public string Path { get; }

    /// <summary>The file header's format.</summary>
    public PcapFileFormat Format { get; }

    /// <summary>The file's length when it was mapped; the ranges cover it.</summary>
    public long Length => _mapping.Length;

    /// <summary>Number of ranges.</summary>
    public int Count => _starts.Length;

    /// <summary>Offset of the first record of range <paramref name="index"/>.</summary>
    public long Start(int index) => _starts[index];

    /// <summary>Offset just past range <paramref name="index"/>: the next range's start, or the file length.</summary>
    public long End(int index) => index + 1 < _starts.Length ? _starts[index + 1] : Length;

    /// <summary>
    /// Opens <paramref name="path"/> and cuts it into at most <paramref name="parts"/> ranges of at least
    /// <paramref name="minimumSegmentBytes"/> each. Returns null when the file is not a regular classic pcap
    /// file of a usable length (the caller then reads it as usual, which also gives it its usual errors); a
    /// file that cannot be cut returns one range.
    /// </summary>
    public static PcapFileSegments? TryOpen(string path, int parts, long minimumSegmentBytes = DefaultMinimumSegmentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumSegmentBytes, 1);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }

        if (!CaptureFileMapping.TryCreate(stream, PcapFileFormat.FileHeaderLength, PcapFileFormat.IsMagic, out CaptureFileMapping? mapping))
        {
            stream.Dispose();
            return null;
        }

        var data = new ReadOnlySpan<byte>(mapping!.Pointer, (int)Math.Min(int.MaxValue, mapping.Length));
        if (!PcapFileFormat.TryParse(data, out PcapFileFormat format, out _))
        {
            mapping.Dispose();
            return null;
        }

        long length = mapping.Length;
        var starts = new List<long> { PcapFileFormat.FileHeaderLength };
        long body = length - PcapFileFormat.FileHeaderLength;
        int wanted = (int)Math.Clamp(body / minimumSegmentBytes, 1, parts);
        long firstSeconds = length >= PcapFileFormat.FileHeaderLength + 4 ? format.ReadUInt32(data[PcapFileFormat.FileHeaderLength..]) : 0;
        for (int i = 1; i < wanted; i++)
        {
            long cut = PcapFileFormat.FileHeaderLength + (body * i / wanted);
            var window = new ReadOnlySpan<byte>(mapping.Pointer + cut, (int)Math.Min(ScanWindow, length - cut));
            if (TryFindRecordStart(window, format, firstSeconds, cut + window.Length == length, out int offset) && cut + offset > starts[^1])
            {
                starts.Add(cut + offset);
            }
        }

        return new PcapFileSegments(mapping, path, format, [.. starts]);
    }

    /// <summary>A reader of range <paramref name="index"/> delivering up to <paramref name="batchSize"/> frames per batch.</summary>
    public PcapSegmentReader OpenReader(int index, int batchSize = CaptureFile.DefaultBatchSize) =>
        new(_mapping, Path, Format, Start(index), End(index), batchSize);

    /// <summary>
    /// Finds the first offset in <paramref name="window"/> (file data from a cut point on) at which
    /// <see cref="ChainLength"/> consecutive plausible record headers begin, or fewer that end exactly at the end
    /// of the file when <paramref name="windowReachesEnd"/>.
    /// </summary>
    internal static bool TryFindRecordStart(ReadOnlySpan<byte> window, PcapFileFormat format, long firstSeconds, bool windowReachesEnd, out int start)
    {
        for (int offset = 0; offset + format.RecordHeaderLength <= window.Length; offset++)
        {
            if (IsChainAt(window, offset, format, firstSeconds, windowReachesEnd))
            {
                start = offset;
                return true;
            }
        }

        start = 0;
        return false;
    }

    /// <summary>Whether a chain of plausible records starts at <paramref name="offset"/> of <paramref name="data"/>.</summary>
    private static bool IsChainAt(ReadOnlySpan<byte> data, int offset, PcapFileFormat format, long firstSeconds, bool dataReachesEnd)
    {
        uint fractionLimit = format.Nanosecond ? 1_000_000_000u : 1_000_000u;
        uint captureLimit = format.SnapLength is > 0 and <= CaptureFile.MaxCapturedLength ? format.SnapLength : CaptureFile.MaxCapturedLength;
        long previousSeconds = -1;
        for (int k = 0; k < ChainLength; k++)
        {
            if (offset == data.Length && dataReachesEnd)
            {
                return k > 0;
            }

            if (offset + format.RecordHeaderLength > data.Length)
            {
                return false;
            }

            ReadOnlySpan<byte> header = data.Slice(offset, format.RecordHeaderLength);
            long seconds = format.ReadUInt32(header);
            uint fraction = format.ReadUInt32(header[4..]);
            uint captured = format.ReadUInt32(header[8..]);
            uint original = format.ReadUInt32(header[12..]);
            // Stricter than what a reader accepts: a true boundary this refuses only moves the cut to the next record.
            if (fraction >= fractionLimit || captured > captureLimit || original < captured || original > (1u << 24)
                || Math.Abs(seconds - firstSeconds) > 366L * 86400 || (previousSeconds >= 0 && seconds < previousSeconds - 3600))
            {
                return false;
            }

            previousSeconds = seconds;
            offset += format.RecordHeaderLength + (int)captured;
        }

        return true;
    }

    /// <summary>Unmaps and closes the file.</summary>
    public void Dispose() => _mapping.Dispose();
}
