using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Weir.Engine.Capture;

/// <summary>The four fields every classic pcap record header starts with, read in the file's byte order.</summary>
/// <param name="Seconds">Timestamp seconds.</param>
/// <param name="Fraction">Timestamp microseconds, or nanoseconds in a nanosecond file.</param>
/// <param name="CapturedLength">Bytes of the frame stored in the file.</param>
/// <param name="OriginalLength">Bytes of the frame on the wire.</param>
internal readonly record struct PcapRecordHeader(uint Seconds, uint Fraction, uint CapturedLength, uint OriginalLength)
{
    /// <summary>Reads the header at <paramref name="header"/> (at least 16 readable bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe PcapRecordHeader Read(byte* header, bool bigEndian)
    {
        uint seconds = Unsafe.ReadUnaligned<uint>(header);
        uint fraction = Unsafe.ReadUnaligned<uint>(header + 4);
        uint captured = Unsafe.ReadUnaligned<uint>(header + 8);
        uint original = Unsafe.ReadUnaligned<uint>(header + 12);
        return bigEndian
            ? new(BinaryPrimitives.ReverseEndianness(seconds), BinaryPrimitives.ReverseEndianness(fraction),
                BinaryPrimitives.ReverseEndianness(captured), BinaryPrimitives.ReverseEndianness(original))
            : new(seconds, fraction, captured, original);
    }

    /// <summary>The timestamp in nanoseconds since the epoch; <paramref name="fractionScale"/> is 1000 for microsecond files, 1 for nanosecond ones.</summary>
    public long TimestampNs(long fractionScale) => (Seconds * 1_000_000_000L) + (Fraction * fractionScale);

    /// <summary>The original length as a frame carries it (clamped to <see cref="int.MaxValue"/>).</summary>
    public int Original => OriginalLength > int.MaxValue ? int.MaxValue : (int)OriginalLength;

    /// <summary>Whether the captured length is above <see cref="CaptureFile.MaxCapturedLength"/> (corruption).</summary>
    public bool CapturedLengthTooLong => CapturedLength > CaptureFile.MaxCapturedLength;

    /// <summary>The message for <see cref="CapturedLengthTooLong"/> (made only then: the check runs per record).</summary>
    public string CapturedLengthError => $"captured length {CapturedLength} exceeds {CaptureFile.MaxCapturedLength}";
}
