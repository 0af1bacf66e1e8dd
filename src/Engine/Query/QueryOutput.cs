using System.Globalization;
using System.Text;
using System.Text.Json;
using Weir.Engine.Flows;
using Weir.Engine.Storage;

namespace Weir.Engine.Query;

/// <summary>Prints a <see cref="QueryResult"/> as a table, JSON or CSV.</summary>
public static class QueryOutput
{
    /// <summary>Writes <paramref name="result"/> to <paramref name="output"/> in <paramref name="format"/>.</summary>
    public static void Write(QueryResult result, OutputFormat format, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(result, output);
                break;
            case OutputFormat.Csv:
                WriteText(output, WriteCsv(result));
                break;
            default:
                WriteText(output, WriteTable(result));
                break;
        }
    }

    /// <summary>The JSON form: <c>{"rows":[…],"totals":{…},"issues":[…]}</c>; rows carry only the grouped attributes.</summary>
    public static void WriteJson(QueryResult result, Stream output)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        GroupAttributes g = result.Query.GroupBy;
        w.WriteStartObject();
        w.WriteStartArray("rows");
        foreach (ResultRow r in result.Rows)
        {
            w.WriteStartObject();
            if ((g & GroupAttributes.Time) != 0)
            {
                w.WriteString("time", FormatTime(r.Time!.Value));
            }

            if ((g & GroupAttributes.Iface) != 0)
            {
                w.WriteString("iface", r.Interface);
            }

            if ((g & GroupAttributes.Sip) != 0)
            {
                w.WriteString("sip", FlowKey.ToIPAddress(r.Source, r.IsIPv6).ToString());
            }

            if ((g & GroupAttributes.Dip) != 0)
            {
                w.WriteString("dip", FlowKey.ToIPAddress(r.Destination, r.IsIPv6).ToString());
            }

            if ((g & GroupAttributes.Dport) != 0)
            {
                w.WriteNumber("dport", r.DestinationPort);
            }

            if ((g & GroupAttributes.Proto) != 0)
            {
                w.WriteNumber("proto", r.Protocol);
            }

            WriteCounters(w, r.Counters);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("totals");
        WriteCounters(w, result.Totals);
        QueryStatistics s = result.Statistics;
        w.WriteNumber("groups", result.Groups);
        if (!result.GroupsExact)
        {
            w.WriteBoolean("groups_exact", false);
        }

        if (s.RollupDays > 0)
        {
            w.WriteNumber("rollup_days", s.RollupDays);
            w.WriteNumber("rollup_blocks", s.RollupBlocks);
        }
        w.WriteNumber("flows_scanned", s.RowsScanned);
        w.WriteNumber("flows_matched", s.RowsMatched);
        w.WriteNumber("blocks_read", s.BlocksRead);
        w.WriteNumber("blocks_skipped", s.BlocksSkipped);
        w.WriteNumber("blocks_damaged", s.BlocksDamaged);
        w.WriteNumber("live_blocks", s.LiveBlocks);
        if (s.First is { } first && s.Last is { } last)
        {
            w.WriteString("first", FormatTime(first));
            w.WriteString("last", FormatTime(last));
        }

        w.WriteString("direction", result.Query.Direction.ToString().ToLowerInvariant());
        w.WriteNumber("elapsed_ms", Math.Round(s.Elapsed.TotalMilliseconds, 1));
        w.WriteEndObject();
        WriteIssues(w, "issues", result.Issues);
        WriteIssues(w, "warnings", result.Warnings);
        w.WriteEndObject();
        w.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteIssues(Utf8JsonWriter w, string name, IReadOnlyList<FlowDbIssue> issues)
    {
        if (issues.Count > 0)
        {
            w.WriteStartArray(name);
            foreach (FlowDbIssue i in issues)
            {
                w.WriteStartObject();
                w.WriteString("kind", i.Kind.ToString());
                w.WriteString("path", i.Path);
                if (i.Interface is not null)
                {
                    w.WriteString("iface", i.Interface);
                }

                if (i.BlockStart is { } b)
                {
                    w.WriteString("block", FormatTime(b));
                }

                w.WriteString("message", i.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    /// <summary>The CSV form: a header of the grouped attributes and the four counters, then one line per row.</summary>
    public static string WriteCsv(QueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        string[] attrs = [.. QueryAttributes.Names(result.Query.GroupBy)];
        sb.Append(string.Join(',', attrs.Append("bytes_rcvd").Append("bytes_sent").Append("pkts_rcvd").Append("pkts_sent"))).Append('\n');
        foreach (ResultRow r in result.Rows)
        {
            foreach (string a in attrs)
            {
                sb.Append(Attribute(r, a, table: false)).Append(',');
            }

            FlowCounters c = r.Counters;
            sb.Append(CultureInfo.InvariantCulture, $"{c.BytesReceived},{c.BytesSent},{c.PacketsReceived},{c.PacketsSent}\n");
        }

        return sb.ToString();
    }

    /// <summary>The table form: attributes, then packets and bytes (in/out for sum, one direction otherwise) with percentages.</summary>
    public static string WriteTable(QueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string[] attrs = [.. QueryAttributes.Names(result.Query.GroupBy)];
        Direction dir = result.Query.Direction;
        FlowCounters t = result.Totals;
        var header = new List<string>(attrs);
        header.AddRange(dir == Direction.Sum
            ? ["packets in", "packets out", "%", "bytes in", "bytes out", "%"]
            : [dir == Direction.In ? "packets in" : "packets out", "%", dir == Direction.In ? "bytes in" : "bytes out", "%"]);
        var lines = new List<string[]> { header.ToArray() };
        foreach (ResultRow r in result.Rows)
        {
            var cells = new List<string>();
            foreach (string a in attrs)
            {
                cells.Add(Attribute(r, a, table: true));
            }

            cells.AddRange(CounterCells(r.Counters, t, dir));
            lines.Add([.. cells]);
        }

        var totalCells = new List<string>(attrs.Select((_, i) => i == 0 ? "Total" : ""));
        totalCells.AddRange(CounterCells(t, t, dir));
        int[] widths = new int[header.Count];
        foreach (string[] l in lines.Append(totalCells.ToArray()))
        {
            for (int i = 0; i < l.Length; i++)
            {
                widths[i] = Math.Max(widths[i], l[i].Length);
            }
        }

        var sb = new StringBuilder();
        void Line(string[] cells)
        {
            for (int i = 0; i < cells.Length; i++)
            {
                bool numeric = i >= attrs.Length || attrs[i] == "dport";
                sb.Append(numeric ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
                sb.Append(i == cells.Length - 1 ? "" : "  ");
            }

            sb.Append('\n');
        }

        foreach (string[] l in lines)
        {
            Line(l);
        }

        sb.Append(new string('-', widths.Sum() + (2 * (widths.Length - 1)))).Append('\n');
        Line([.. totalCells]);
        QueryStatistics s = result.Statistics;
        sb.Append('\n');
        string range = s.First is { } f && s.Last is { } l2 ? $"{FormatTime(f)} to {FormatTime(l2)}" : "no data in range";
        sb.Append(CultureInfo.InvariantCulture,
            $"{range}; {(result.GroupsExact ? "" : "at least ")}{result.Groups:N0} groups from {s.RowsMatched:N0} of {s.RowsScanned:N0} flows; {s.BlocksRead:N0} blocks read, {s.BlocksSkipped:N0} skipped by bounds");
        if (s.RollupBlocks > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $", {s.RollupBlocks:N0} from roll-ups of {s.RollupDays} days");
        }

        if (s.LiveBlocks > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $", {s.LiveBlocks} live");
        }

        sb.Append(CultureInfo.InvariantCulture, $"; {s.Elapsed.TotalMilliseconds:F0} ms\n");
        if (result.Issues.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"partial result: {result.Issues.Count} damaged part(s) skipped (see stderr)\n");
        }

        return sb.ToString();
    }

    /// <summary>Bytes in human units (1000-based): <c>1.50 MB</c>.</summary>
    public static string HumanBytes(ulong bytes) => Human(bytes, "B");

    /// <summary>A count in human units: <c>12.3 k</c>.</summary>
    public static string HumanCount(ulong n) => n < 1000 ? n.ToString(CultureInfo.InvariantCulture) : Human(n, "").TrimEnd();

    private static string Human(ulong v, string unit)
    {
        string[] prefixes = ["", "k", "M", "G", "T", "P", "E"];
        double x = v;
        int p = 0;
        while (x >= 1000 && p < prefixes.Length - 1)
        {
            x /= 1000;
            p++;
        }

        return p == 0 ? $"{v} {unit}" : string.Create(CultureInfo.InvariantCulture, $"{x:F2} {prefixes[p]}{unit}");
    }

    private static IEnumerable<string> CounterCells(FlowCounters c, FlowCounters t, Direction dir) => dir switch
    {
        Direction.In => [HumanCount(c.PacketsReceived), Percent(c.PacketsReceived, t.PacketsReceived), HumanBytes(c.BytesReceived), Percent(c.BytesReceived, t.BytesReceived)],
        Direction.Out => [HumanCount(c.PacketsSent), Percent(c.PacketsSent, t.PacketsSent), HumanBytes(c.BytesSent), Percent(c.BytesSent, t.BytesSent)],
        _ => [HumanCount(c.PacketsReceived), HumanCount(c.PacketsSent), Percent(c.Packets, t.Packets), HumanBytes(c.BytesReceived), HumanBytes(c.BytesSent), Percent(c.Bytes, t.Bytes)],
    };

    private static string Percent(ulong part, ulong whole) =>
        whole == 0 ? "0.00" : (100.0 * part / whole).ToString("F2", CultureInfo.InvariantCulture);

    private static string Attribute(ResultRow r, string name, bool table) => name switch
    {
        "time" => table ? r.Time!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : FormatTime(r.Time!.Value),
        "iface" => r.Interface ?? "",
        "sip" => FlowKey.ToIPAddress(r.Source, r.IsIPv6).ToString(),
        "dip" => FlowKey.ToIPAddress(r.Destination, r.IsIPv6).ToString(),
        "dport" => r.DestinationPort.ToString(CultureInfo.InvariantCulture),
        _ => table ? ProtocolNames.Name(r.Protocol) : r.Protocol.ToString(CultureInfo.InvariantCulture),
    };

    private static string FormatTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static void WriteCounters(Utf8JsonWriter w, FlowCounters c)
    {
        w.WriteNumber("bytes_rcvd", c.BytesReceived);
        w.WriteNumber("bytes_sent", c.BytesSent);
        w.WriteNumber("pkts_rcvd", c.PacketsReceived);
        w.WriteNumber("pkts_sent", c.PacketsSent);
    }

    private static void WriteText(Stream output, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        output.Write(bytes);
    }
}
