using System.Globalization;
using System.Text;
using System.Text.Json;
using Weir.Engine.Flows;
using Weir.Engine.Packets;
using Weir.Engine.Query;

namespace Weir.Host.Cli;

/// <summary>
/// Prints a <see cref="FlowReport"/> as a table (human units, shares of the total), JSON or CSV. The JSON shape is
/// relied on by scripts: <c>{"flows":[{"sip","dip","dport","proto","bytes_rcvd","bytes_sent","pkts_rcvd","pkts_sent",…}],
/// "totals":{"packets","bytes","flows",…},"issues":{"&lt;reason&gt;":n}}</c>, plus <c>"error"</c> when the read stopped early.
/// </summary>
internal static class FlowReportWriter
{
    /// <summary>Writes <paramref name="report"/> in <paramref name="format"/>, the top <paramref name="top"/> flows (0 = all).</summary>
    public static void Write(Stream output, FlowReport report, OutputFormat format, int top, FlowSortOrder sort)
    {
        ReadOnlyMemory<FlowRecord> records = report.Block.RecordMemory;
        int[] order = Select(records.Span, top, sort);
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(output, report, records, order);
                break;
            case OutputFormat.Csv:
                WriteText(output, Csv(InOrder(records.Span, order)));
                break;
            default:
                WriteText(output, Table(report, InOrder(records.Span, order)));
                break;
        }
    }

    /// <summary>Up to this many top flows are picked in one pass instead of sorting them all.</summary>
    private const int MaxPickedTop = 1024;

    /// <summary>Below this many flows the sort stays on the calling thread.</summary>
    private const int ParallelSortThreshold = 50_000;

    /// <summary>The flows sorted largest first (ties broken by key, so output is stable), cut to <paramref name="top"/>.</summary>
    internal static FlowRecord[] Select(FlowBlock block, int top, FlowSortOrder sort) => InOrder(block.Records, Select(block.Records, top, sort));

    /// <summary>The positions in <paramref name="records"/> of the flows largest first (ties broken by key), cut to <paramref name="top"/> (0 = all).</summary>
    internal static int[] Select(ReadOnlySpan<FlowRecord> records, int top, FlowSortOrder sort) =>
        sort == FlowSortOrder.Packets ? Select(records, top, default(ByPackets)) : Select(records, top, default(ByBytes));

    /// <summary>The records at <paramref name="order"/>'s positions, in that order.</summary>
    private static FlowRecord[] InOrder(ReadOnlySpan<FlowRecord> records, int[] order)
    {
        var flows = new FlowRecord[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            flows[i] = records[order[i]];
        }

        return flows;
    }

    private static int[] Select<TOrder>(ReadOnlySpan<FlowRecord> records, int top, TOrder order)
        where TOrder : struct, IFlowOrder
    {
        if (top > 0 && top <= MaxPickedTop && top < records.Length)
        {
            return PickTop(records, top, order);
        }

        // Sorting the records themselves moves ~100-byte structs through a comparison delegate; sorting an integer
        // key with their positions is several times faster, and the records are never copied (the output reads
        // them through the positions). The key is the metric (complemented: largest first) above a prefix of the
        // flow key that orders as the key does (IPv4 below IPv6, then the source address and, for IPv4, the
        // destination); what it cannot tell apart (flows of one IPv6 source /63, IPv4 flows of one source and one
        // destination /31) comes out in runs of equal sort keys, each then put in key order.
        var keys = new UInt128[records.Length];
        int[] positions = new int[records.Length];
        for (int i = 0; i < records.Length; i++)
        {
            ref readonly FlowRecord r = ref records[i];
            keys[i] = new UInt128(~order.Metric(in r), KeyPrefix(in r.Key));
            positions[i] = i;
        }

        (keys, positions) = SortByKey(keys, positions);
        for (int start = 0, end; start < positions.Length; start = end)
        {
            end = start + 1;
            while (end < positions.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                SortRun(records, positions.AsSpan(start, end - start));
            }
        }

        return top > 0 && top < positions.Length ? positions[..top] : positions;
    }

    /// <summary>
    /// Sorts <paramref name="keys"/> with their <paramref name="positions"/>: for many flows, each half on its own
    /// core and then merged (a sort is most of what the report costs after counting). Returns the sorted arrays,
    /// which may be new ones.
    /// </summary>
    private static (UInt128[] Keys, int[] Positions) SortByKey(UInt128[] keys, int[] positions)
    {
        if (keys.Length < ParallelSortThreshold || Environment.ProcessorCount < 2)
        {
            keys.AsSpan().Sort(positions.AsSpan());
            return (keys, positions);
        }

        int half = keys.Length / 2;
        Task first = Task.Run(() => keys.AsSpan(0, half).Sort(positions.AsSpan(0, half)));
        keys.AsSpan(half).Sort(positions.AsSpan(half));
        first.Wait();

        var mergedKeys = new UInt128[keys.Length];
        int[] mergedPositions = new int[keys.Length];
        int a = 0, b = half, n = 0;
        while (a < half && b < keys.Length)
        {
            // Ties take the first half first: a stable merge, though equal keys are put in key order afterwards anyway.
            bool takeFirst = keys[a] <= keys[b];
            int from = takeFirst ? a++ : b++;
            mergedKeys[n] = keys[from];
            mergedPositions[n++] = positions[from];
        }

        for (; a < half; a++, n++)
        {
            mergedKeys[n] = keys[a];
            mergedPositions[n] = positions[a];
        }

        for (; b < keys.Length; b++, n++)
        {
            mergedKeys[n] = keys[b];
            mergedPositions[n] = positions[b];
        }

        return (mergedKeys, mergedPositions);
    }

    /// <summary>
    /// 64 bits that order as <see cref="FlowKey.CompareTo"/> orders keys, where they differ: the family in the top bit,
    /// then the IPv4 source and destination (the destination's lowest bit dropped) or the IPv6 source's upper 63 bits.
    /// </summary>
    private static ulong KeyPrefix(in FlowKey key) => key.IsIPv6
        ? (1UL << 63) | ((ulong)(key.Source >> 64) >> 1)
        : ((ulong)(uint)key.Source << 31) | ((uint)key.Destination >> 1);

    /// <summary>Puts <paramref name="run"/>, positions of flows with equal sort keys, in key order (their metric is equal).</summary>
    private static void SortRun(ReadOnlySpan<FlowRecord> records, Span<int> run)
    {
        if (run.Length == 2)
        {
            if (records[run[0]].Key.CompareTo(records[run[1]].Key) > 0)
            {
                (run[0], run[1]) = (run[1], run[0]);
            }

            return;
        }

        // Sorted through their keys, copied out once (a comparer cannot hold the span of records).
        var keys = new FlowKey[run.Length];
        for (int i = 0; i < run.Length; i++)
        {
            keys[i] = records[run[i]].Key;
        }

        keys.AsSpan().Sort(run);
    }

    /// <summary>The positions of the <paramref name="top"/> first flows in <paramref name="order"/>, in one pass with a small sorted buffer.</summary>
    private static int[] PickTop<TOrder>(ReadOnlySpan<FlowRecord> records, int top, TOrder order)
        where TOrder : struct, IFlowOrder
    {
        int[] best = new int[top];
        int count = 0;
        for (int i = 0; i < records.Length; i++)
        {
            ref readonly FlowRecord r = ref records[i];
            if (count == top && order.Compare(r, records[best[top - 1]]) >= 0)
            {
                continue;
            }

            int at = count == top ? top - 1 : count++;
            while (at > 0 && order.Compare(r, records[best[at - 1]]) < 0)
            {
                best[at] = best[at - 1];
                at--;
            }

            best[at] = i;
        }

        return best;
    }

    /// <summary>An order of flows, largest first: by a metric, then by key.</summary>
    private interface IFlowOrder : IComparer<FlowRecord>
    {
        /// <summary>The metric flows are ordered by (largest first).</summary>
        ulong Metric(in FlowRecord flow);
    }

    private readonly struct ByBytes : IFlowOrder
    {
        public ulong Metric(in FlowRecord flow) => flow.Counters.Bytes;

        public int Compare(FlowRecord a, FlowRecord b)
        {
            int c = b.Counters.Bytes.CompareTo(a.Counters.Bytes);
            return c != 0 ? c : a.Key.CompareTo(b.Key);
        }
    }

    private readonly struct ByPackets : IFlowOrder
    {
        public ulong Metric(in FlowRecord flow) => flow.Counters.Packets;

        public int Compare(FlowRecord a, FlowRecord b)
        {
            int c = b.Counters.Packets.CompareTo(a.Counters.Packets);
            return c != 0 ? c : a.Key.CompareTo(b.Key);
        }
    }

    private static void WriteJson(Stream output, FlowReport report, ReadOnlyMemory<FlowRecord> records, int[] order)
    {
        // Validation off (the shape is fixed here); flushed every 64 KiB so the writer's buffer stays small
        // instead of holding the whole document. Values are formatted into a stack buffer, never into strings.
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        w.WriteStartObject();
        w.WriteString("source", report.Source);
        w.WriteStartArray("flows");
        w.Flush();
        FlowJsonFormatter.WriteAll(output, records, order);
        w.WriteEndArray();
        w.WriteStartObject("totals");
        w.WriteNumber("packets", report.Stats.PacketsProcessed);
        w.WriteNumber("bytes", report.Stats.BytesProcessed);
        w.WriteNumber("flows", report.Block.Count);
        w.WriteNumber("packets_counted", report.Stats.PacketsCounted);
        w.WriteNumber("bytes_counted", report.Stats.BytesCounted);
        w.WriteNumber("packets_not_counted", report.Stats.PacketsNotCounted);
        w.WriteNumber("kernel_received", report.Capture.KernelReceived);
        w.WriteNumber("kernel_dropped", report.Capture.KernelDropped);
        w.WriteNumber("seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
        w.WriteEndObject();
        w.WriteStartObject("issues");
        ReadOnlySpan<long> issues = report.Stats.IssueCounts;
        for (int i = 1; i < issues.Length; i++)
        {
            if (issues[i] > 0)
            {
                w.WriteNumber(ParseIssues.Name((ParseIssue)i), issues[i]);
            }
        }

        w.WriteEndObject();
        if (report.Error is not null)
        {
            w.WriteString("error", report.Error);
        }

        w.WriteEndObject();
        w.Flush();
        output.WriteByte((byte)'\n');
    }

    private static string Csv(FlowRecord[] flows)
    {
        var sb = new StringBuilder("sip,dip,dport,proto,bytes_rcvd,bytes_sent,pkts_rcvd,pkts_sent,first_seen,last_seen\n");
        foreach (FlowRecord f in flows)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{f.Key.SourceAddress},{f.Key.DestinationAddress},{f.Key.DestinationPort},{f.Key.Protocol},{f.Counters.BytesReceived},{f.Counters.BytesSent},{f.Counters.PacketsReceived},{f.Counters.PacketsSent},{FormatTime(f.FirstSeenNs)},{FormatTime(f.LastSeenNs)}\n");
        }

        return sb.ToString();
    }

    private static string Table(FlowReport report, FlowRecord[] flows)
    {
        FlowCounters total = report.Block.Totals;
        var rows = new List<string[]> { new[] { "sip", "dip", "dport", "proto", "packets", "%", "bytes", "%", "sent", "rcvd" } };
        foreach (FlowRecord f in flows)
        {
            rows.Add([
                f.Key.SourceAddress.ToString(), f.Key.DestinationAddress.ToString(),
                f.Key.DestinationPort.ToString(CultureInfo.InvariantCulture), ProtocolNames.Name(f.Key.Protocol),
                QueryOutput.HumanCount(f.Counters.Packets), Share(f.Counters.Packets, total.Packets),
                QueryOutput.HumanBytes(f.Counters.Bytes), Share(f.Counters.Bytes, total.Bytes),
                QueryOutput.HumanBytes(f.Counters.BytesSent), QueryOutput.HumanBytes(f.Counters.BytesReceived),
            ]);
        }

        int[] widths = new int[rows[0].Length];
        foreach (string[] r in rows)
        {
            for (int i = 0; i < r.Length; i++)
            {
                widths[i] = Math.Max(widths[i], r[i].Length);
            }
        }

        var sb = new StringBuilder();
        foreach (string[] r in rows)
        {
            for (int i = 0; i < r.Length; i++)
            {
                // Addresses and names left-aligned, numbers right-aligned.
                sb.Append(i < 2 || i == 3 ? r[i].PadRight(widths[i]) : r[i].PadLeft(widths[i]));
                sb.Append(i == r.Length - 1 ? "\n" : "  ");
            }
        }

        FlowLogStats s = report.Stats;
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture,
            $"{report.Block.Count:N0} flows{(flows.Length < report.Block.Count ? $" ({flows.Length:N0} shown)" : "")}; {s.PacketsProcessed:N0} packets, {QueryOutput.HumanBytes((ulong)s.BytesProcessed)}; ");
        sb.Append(CultureInfo.InvariantCulture, $"{s.PacketsCounted:N0} packets counted into flows, {s.PacketsNotCounted:N0} not counted");
        if (report.Capture.KernelReceived > 0 || report.Capture.KernelDropped > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; kernel: {report.Capture.KernelReceived:N0} received, {report.Capture.KernelDropped:N0} dropped");
        }

        sb.Append(CultureInfo.InvariantCulture, $"; {report.Elapsed.TotalSeconds:F2} s\n");
        ReadOnlySpan<long> issues = s.IssueCounts;
        for (int i = 1; i < issues.Length; i++)
        {
            if (issues[i] > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {ParseIssues.Name((ParseIssue)i)} ({i}): {issues[i]:N0}\n");
            }
        }

        if (report.Error is not null)
        {
            sb.Append("partial: ").Append(report.Error).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Formats an address as <see cref="System.Net.IPAddress.ToString"/> does, as UTF-8 into <paramref name="destination"/>; returns the length.</summary>
    internal static int FormatAddress(UInt128 address, bool isIPv6, Span<byte> destination)
    {
        if (isIPv6)
        {
            // IPv6 text has compression and embedded-IPv4 rules: leave them to IPAddress (no string made).
            FlowKey.ToIPAddress(address, isIPv6: true).TryFormat(destination, out int written);
            return written;
        }

        uint v4 = (uint)address;
        int n = 0;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            uint octet = (v4 >> shift) & 0xFF;
            if (octet >= 100)
            {
                destination[n++] = (byte)('0' + (octet / 100));
                octet %= 100;
                destination[n++] = (byte)('0' + (octet / 10));
                destination[n++] = (byte)('0' + (octet % 10));
            }
            else if (octet >= 10)
            {
                destination[n++] = (byte)('0' + (octet / 10));
                destination[n++] = (byte)('0' + (octet % 10));
            }
            else
            {
                destination[n++] = (byte)('0' + octet);
            }

            if (shift > 0)
            {
                destination[n++] = (byte)'.';
            }
        }

        return n;
    }

    /// <summary>Writes <see cref="FormatTime(long)"/>'s text as UTF-8 into <paramref name="into"/> (27 bytes or more) without making a string; returns the length.</summary>
    internal static int FormatTime(long ns, Span<byte> into)
    {
        if (ns < 0)
        {
            return Encoding.ASCII.GetBytes(FormatTime(ns), into);
        }

        // For ns >= 0, FormatTime's milliseconds-plus-ticks is exactly ns / 100 ticks after the epoch.
        var time = new DateTime(DateTime.UnixEpoch.Ticks + (ns / 100), DateTimeKind.Utc);
        (int year, int month, int day) = time;
        long ofDay = time.Ticks % TimeSpan.TicksPerDay;
        int seconds = (int)(ofDay / TimeSpan.TicksPerSecond);
        int micros = (int)(ofDay % TimeSpan.TicksPerSecond / 10);
        Digits(into[..4], year);
        into[4] = (byte)'-';
        Digits(into.Slice(5, 2), month);
        into[7] = (byte)'-';
        Digits(into.Slice(8, 2), day);
        into[10] = (byte)'T';
        Digits(into.Slice(11, 2), seconds / 3600);
        into[13] = (byte)':';
        Digits(into.Slice(14, 2), seconds / 60 % 60);
        into[16] = (byte)':';
        Digits(into.Slice(17, 2), seconds % 60);
        into[19] = (byte)'.';
        Digits(into.Slice(20, 6), micros);
        into[26] = (byte)'Z';
        return 27;

        static void Digits(Span<byte> into, int value)
        {
            for (int i = into.Length - 1; i >= 0; i--)
            {
                into[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
        }
    }

    private static string Share(ulong part, ulong whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture);

    private static string FormatTime(long ns) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000).AddTicks(ns % 1_000_000 / 100)
            .ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    /// <summary>The TCP flags of <paramref name="flags"/> by name, joined with <c>|</c> (empty for none).</summary>
    internal static string TcpFlagNames(byte flags)
    {
        if (flags == 0)
        {
            return "";
        }

        var sb = new StringBuilder();
        ReadOnlySpan<string> names = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"];
        for (int i = 0; i < names.Length; i++)
        {
            if ((flags & (1 << i)) != 0)
            {
                sb.Append(sb.Length > 0 ? "|" : "").Append(names[i]);
            }
        }

        return sb.ToString();
    }

    private static void WriteText(Stream output, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        output.Write(bytes);
    }
}
