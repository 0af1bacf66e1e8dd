using System.Buffers.Binary;
using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>The binary form of an interface's <c>days.summary</c>: one fixed-size record per day, CRC-32C trailer.</summary>
internal static class SummaryFile
{
    private const ulong Magic = 0x3159414452494557; // "WEIRDAY1"
    private const int Version = 1;
    private const int RecordSize = 112;

    /// <summary>Serializes the days of one interface.</summary>
    public static byte[] Serialize(IReadOnlyList<FlowDbDay> days)
    {
        byte[] bytes = RecordFile.Create(Magic, Version, days.Count, RecordSize);
        for (int i = 0; i < days.Count; i++)
        {
            Span<byte> r = RecordFile.Record(bytes.AsSpan(), i, RecordSize);
            FlowDbDay d = days[i];
            BinaryPrimitives.WriteInt32LittleEndian(r, d.Day.DayNumber);
            BinaryPrimitives.WriteInt32LittleEndian(r[4..], d.Blocks);
            BinaryPrimitives.WriteInt64LittleEndian(r[8..], d.Rows4);
            BinaryPrimitives.WriteInt64LittleEndian(r[16..], d.Rows6);
            BinaryPrimitives.WriteInt64LittleEndian(r[24..], FlowDbLayout.ToNs(d.First));
            BinaryPrimitives.WriteInt64LittleEndian(r[32..], FlowDbLayout.ToNs(d.Last));
            RecordFile.WriteCounters(r[40..], d.Totals);
            BinaryPrimitives.WriteInt64LittleEndian(r[72..], d.Stats.PacketsProcessed);
            BinaryPrimitives.WriteInt64LittleEndian(r[80..], d.Stats.PacketsNotCounted);
            BinaryPrimitives.WriteInt64LittleEndian(r[88..], d.Stats.KernelDropped);
            BinaryPrimitives.WriteInt64LittleEndian(r[96..], d.Stats.LocalDropped);
            BinaryPrimitives.WriteInt64LittleEndian(r[104..], d.StoredBytes);
        }

        RecordFile.Seal(bytes);
        return bytes;
    }

    /// <summary>Parses an interface's day summary; null when damaged.</summary>
    public static List<FlowDbDay>? Parse(ReadOnlySpan<byte> s, string interfaceName)
    {
        if (RecordFile.Check(s, Magic, Version, RecordSize, out _, out int count) != RecordFile.Verdict.Valid)
        {
            return null;
        }

        var days = new List<FlowDbDay>(count);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> r = RecordFile.Record(s, i, RecordSize);
            days.Add(new FlowDbDay(interfaceName, DateOnly.FromDayNumber(BinaryPrimitives.ReadInt32LittleEndian(r)),
                BinaryPrimitives.ReadInt32LittleEndian(r[4..]), BinaryPrimitives.ReadInt64LittleEndian(r[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(r[16..]),
                FlowDbLayout.FromNs(BinaryPrimitives.ReadInt64LittleEndian(r[24..])), FlowDbLayout.FromNs(BinaryPrimitives.ReadInt64LittleEndian(r[32..])),
                RecordFile.ReadCounters(r[40..]),
                new FlowBlockStats(BinaryPrimitives.ReadInt64LittleEndian(r[72..]), BinaryPrimitives.ReadInt64LittleEndian(r[80..]),
                    BinaryPrimitives.ReadInt64LittleEndian(r[88..]), BinaryPrimitives.ReadInt64LittleEndian(r[96..])),
                BinaryPrimitives.ReadInt64LittleEndian(r[104..])));
        }

        return days;
    }
}
