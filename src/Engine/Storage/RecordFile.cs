using System.Buffers.Binary;
using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>
/// The framing the database's small index files share (<c>blocks.meta</c>, <c>days.summary</c>): an 8-byte magic,
/// a version, a record count, fixed-size records, and a CRC-32C of everything before it.
/// </summary>
internal static class RecordFile
{
    /// <summary>Bytes before the first record.</summary>
    public const int HeaderSize = 16;

    /// <summary>What <see cref="Check"/> found.</summary>
    public enum Verdict
    {
        /// <summary>Magic, checksum, version and length agree.</summary>
        Valid,

        /// <summary>Too short or the wrong magic: not this kind of file.</summary>
        NotThisFile,

        /// <summary>The CRC-32C trailer does not match.</summary>
        BadChecksum,

        /// <summary>Another version, or a count that does not match the length.</summary>
        BadShape,
    }

    /// <summary>A buffer for <paramref name="count"/> records with its header written; fill the records, then <see cref="Seal"/>.</summary>
    public static byte[] Create(ulong magic, int version, int count, int recordSize)
    {
        var bytes = new byte[HeaderSize + (count * recordSize) + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), count);
        return bytes;
    }

    /// <summary>Record <paramref name="index"/> of a file made by <see cref="Create"/>.</summary>
    public static Span<byte> Record(Span<byte> file, int index, int recordSize) => file.Slice(HeaderSize + (index * recordSize), recordSize);

    /// <summary>Record <paramref name="index"/> of a file that passed <see cref="Check"/>.</summary>
    public static ReadOnlySpan<byte> Record(ReadOnlySpan<byte> file, int index, int recordSize) => file.Slice(HeaderSize + (index * recordSize), recordSize);

    /// <summary>Writes the CRC-32C trailer.</summary>
    public static void Seal(Span<byte> file) => BinaryPrimitives.WriteUInt32LittleEndian(file[^4..], Crc32C.Compute(file[..^4]));

    /// <summary>Checks the framing of <paramref name="file"/>; <paramref name="version"/> and <paramref name="count"/> are as read.</summary>
    public static Verdict Check(ReadOnlySpan<byte> file, ulong magic, int expectedVersion, int recordSize, out int version, out int count)
    {
        version = 0;
        count = 0;
        if (file.Length < HeaderSize + 4 || BinaryPrimitives.ReadUInt64LittleEndian(file) != magic)
        {
            return Verdict.NotThisFile;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(file[^4..]) != Crc32C.Compute(file[..^4]))
        {
            return Verdict.BadChecksum;
        }

        version = BinaryPrimitives.ReadInt32LittleEndian(file[8..]);
        count = BinaryPrimitives.ReadInt32LittleEndian(file[12..]);
        return version != expectedVersion || count < 0 || file.Length != HeaderSize + ((long)count * recordSize) + 4
            ? Verdict.BadShape
            : Verdict.Valid;
    }

    /// <summary>Writes the four counters (32 bytes, little-endian: bytes in, bytes out, packets in, packets out).</summary>
    public static void WriteCounters(Span<byte> at, FlowCounters c)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(at, c.BytesReceived);
        BinaryPrimitives.WriteUInt64LittleEndian(at[8..], c.BytesSent);
        BinaryPrimitives.WriteUInt64LittleEndian(at[16..], c.PacketsReceived);
        BinaryPrimitives.WriteUInt64LittleEndian(at[24..], c.PacketsSent);
    }

    /// <summary>Reads counters written by <see cref="WriteCounters"/>.</summary>
    public static FlowCounters ReadCounters(ReadOnlySpan<byte> at) => new(BinaryPrimitives.ReadUInt64LittleEndian(at), BinaryPrimitives.ReadUInt64LittleEndian(at[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(at[16..]), BinaryPrimitives.ReadUInt64LittleEndian(at[24..]));

    /// <summary>The record count in a header, or -1 when the magic is not <paramref name="magic"/>.</summary>
    public static int PeekCount(ReadOnlySpan<byte> header, ulong magic) =>
        header.Length >= HeaderSize && BinaryPrimitives.ReadUInt64LittleEndian(header) == magic
            ? BinaryPrimitives.ReadInt32LittleEndian(header[12..])
            : -1;
}
