using Microsoft.Win32.SafeHandles;

namespace Weir.Engine.Capture;

/// <summary>
/// A classic pcap file cut into consecutive byte ranges that start on records, for reading on several threads.
/// A record boundary inside a file cannot be read off the file; it is found by scanning from a cut point for a
/// chain of plausible record headers (<see cref="TryFindRecordStart"/>). That finding is a guess: it is proved
/// when the reader of the range before it ends exactly there (<see cref="PcapSegmentReader.Landed"/>), and
/// whoever reads the ranges must fall back to reading the file in one piece when a guess is not proved.
/// </summary>
internal sealed class PcapFileSegments : IDisposable
{
    /// <summary>Below this many bytes per range a file is not cut: the threads would cost more than they save.</summary>
    public const long DefaultMinimumSegmentBytes = 32L << 20;

    /// <summary>How many consecutive plausible record headers make a cut point.</summary>
    internal const int ChainLength = 8;

    /// <summary>How far past a cut point the scan for a record boundary looks.</summary>
    private const int ScanWindow = 4 << 20;

    private readonly long[] _starts;

    private PcapFileSegments(SafeFileHandle file, string path, PcapFileFormat format, long length, long[] starts)
    {
        File = file;
        Path = path;
        Format = format;
        Length = length;
        _starts = starts;
    }

    /// <summary>The open file (owned).</summary>
    public SafeFileHandle File { get; }

    /// <summary>The file's path, for messages.</summary>
    public string Path { get; }

    /// <summary>The file header's format.</summary>
    public PcapFileFormat Format { get; }

    /// <summary>The file's length when it was opened; the ranges cover it.</summary>
    public long Length { get; }

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
        SafeFileHandle? file = null;
        try
        {
            file = System.IO.File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
            long length = RandomAccess.GetLength(file);
            Span<byte> header = stackalloc byte[PcapFileFormat.FileHeaderLength];
            if (length < header.Length
                || RandomAccess.Read(file, header, 0) < header.Length
                || !PcapFileFormat.TryParse(header, out PcapFileFormat format, out _))
            {
                file.Dispose();
                return null;
            }

            var starts = new List<long> { PcapFileFormat.FileHeaderLength };
            long body = length - PcapFileFormat.FileHeaderLength;
            int wanted = (int)Math.Clamp(body / minimumSegmentBytes, 1, parts);
            long firstSeconds = FirstSeconds(file, format, length);
            for (int i = 1; i < wanted; i++)
            {
                long cut = PcapFileFormat.FileHeaderLength + (body * i / wanted);
                if (TryFindRecordStart(file, format, cut, length, firstSeconds, out long start) && start > starts[^1])
                {
                    starts.Add(start);
                }
            }

            return new PcapFileSegments(file, path, format, length, [.. starts]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            file?.Dispose();
            return null;
        }
    }

    /// <summary>A reader of range <paramref name="index"/> delivering up to <paramref name="batchSize"/> frames per batch.</summary>
    public PcapSegmentReader OpenReader(int index, int batchSize = CaptureFile.DefaultBatchSize) =>
        new(File, Path, Format, Start(index), End(index), Length, batchSize);

    /// <summary>
    /// Scans from <paramref name="from"/> for the first offset at which <see cref="ChainLength"/> consecutive
    /// plausible record headers begin (or fewer that end exactly at the end of the file).
    /// </summary>
    internal static bool TryFindRecordStart(SafeFileHandle file, PcapFileFormat format, long from, long length, long firstSeconds, out long start)
    {
        start = 0;
        byte[] window = new byte[(int)Math.Min(ScanWindow, length - from)];
        int read = 0;
        while (read < window.Length)
        {
            int n = RandomAccess.Read(file, window.AsSpan(read), from + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        bool windowReachesEnd = from + read == length;
        for (int offset = 0; offset + format.RecordHeaderLength <= read; offset++)
        {
            if (IsChainAt(window.AsSpan(0, read), offset, format, firstSeconds, windowReachesEnd))
            {
                start = from + offset;
                return true;
            }
        }

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

    /// <summary>The first record's seconds (what the scan compares times against); 0 when there is no record.</summary>
    private static long FirstSeconds(SafeFileHandle file, PcapFileFormat format, long length)
    {
        Span<byte> header = stackalloc byte[4];
        return length >= PcapFileFormat.FileHeaderLength + 4 && RandomAccess.Read(file, header, PcapFileFormat.FileHeaderLength) == 4
            ? format.ReadUInt32(header)
            : 0;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => File.Dispose();
}
