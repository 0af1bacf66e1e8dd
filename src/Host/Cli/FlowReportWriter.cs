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
        FlowRecord[] flows = Select(report.Block, top, sort);
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(output, report, flows);
                break;
            case OutputFormat.Csv:
                WriteText(output, Csv(flows));
                break;
            default:
                WriteText(output, Table(report, flows));
                break;
        }
    }

    /// <summary>The flows sorted largest first (ties broken by key, so output is stable), cut to <paramref name="top"/>.</summary>
    internal static FlowRecord[] Select(FlowBlock block, int top, FlowSortOrder sort)
    {
        FlowRecord[] flows = block.Records.ToArray();
        Comparison<FlowRecord> order = sort == FlowSortOrder.Packets
            ? (a, b) => Tie(b.Counters.Packets.CompareTo(a.Counters.Packets), a, b)
            : (a, b) => Tie(b.Counters.Bytes.CompareTo(a.Counters.Bytes), a, b);
        Array.Sort(flows, order);
        return top > 0 && top < flows.Length ? flows[..top] : flows;

        static int Tie(int c, in FlowRecord a, in FlowRecord b) => c != 0 ? c : a.Key.CompareTo(b.Key);
    }

    private static void WriteJson(Stream output, FlowReport report, FlowRecord[] flows)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("source", report.Source);
        w.WriteStartArray("flows");
        foreach (FlowRecord f in flows)
        {
            w.WriteStartObject();
            w.WriteString("sip", f.Key.SourceAddress.ToString());
            w.WriteString("dip", f.Key.DestinationAddress.ToString());
            w.WriteNumber("dport", f.Key.DestinationPort);
            w.WriteNumber("proto", f.Key.Protocol);
            w.WriteNumber("bytes_rcvd", f.Counters.BytesReceived);
            w.WriteNumber("bytes_sent", f.Counters.BytesSent);
            w.WriteNumber("pkts_rcvd", f.Counters.PacketsReceived);
            w.WriteNumber("pkts_sent", f.Counters.PacketsSent);
            w.WriteString("first_seen", FormatTime(f.FirstSeenNs));
            w.WriteString("last_seen", FormatTime(f.LastSeenNs));
            if (f.Key.Protocol == 6)
            {
                w.WriteString("tcp_flags", TcpFlagNames(f.TcpFlags));
            }

            w.WriteBoolean("direction_confident", f.DirectionConfident);
            w.WriteEndObject();
        }

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

    private static string Share(ulong part, ulong whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture);

    private static string FormatTime(long ns) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000).AddTicks(ns % 1_000_000 / 100)
            .ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    private static string TcpFlagNames(byte flags)
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
