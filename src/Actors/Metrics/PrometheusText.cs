using System.Globalization;
using System.Text;
using Weir.Actors.Capture;
using Weir.Engine.Packets;

namespace Weir.Actors.Metrics;

/// <summary>Renders the <see cref="CaptureRegistry"/> in the Prometheus text exposition format 0.0.4.</summary>
public static class PrometheusText
{
    /// <summary>The metrics text. With <paramref name="ifaceLabel"/> off, per-interface series are summed and carry no <c>iface</c> label.</summary>
    public static string Render(CaptureRegistry registry, bool ifaceLabel, long blocksWritten = 0, long flowsWritten = 0)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var interfaces = registry.Interfaces;
        var sb = new StringBuilder(4096);

        Family(sb, "weir_packets_received_total", "counter", "Frames delivered by the capture sources.", interfaces, ifaceLabel, c => c.PacketsReceived);
        Family(sb, "weir_bytes_received_total", "counter", "Wire bytes of the frames delivered by the capture sources.", interfaces, ifaceLabel, c => c.BytesReceived);
        Family(sb, "weir_packets_processed_total", "counter", "Frames counted by the flow logs (into flows or as parse issues).", interfaces, ifaceLabel, c => c.PacketsProcessed);
        Family(sb, "weir_kernel_dropped_packets_total", "counter", "Frames the kernel dropped before Weir read them.", interfaces, ifaceLabel, c => c.KernelDropped);

        Header(sb, "weir_flow_packets_total", "counter", "Packets counted into flows, by direction (sent: client to server).");
        Labeled(sb, "weir_flow_packets_total", interfaces, ifaceLabel, "direction", ["sent", "received"], (c, d) => d == "sent" ? c.FlowPacketsSent : c.FlowPacketsReceived);
        Header(sb, "weir_flow_bytes_total", "counter", "Bytes counted into flows, by direction (sent: client to server).");
        Labeled(sb, "weir_flow_bytes_total", interfaces, ifaceLabel, "direction", ["sent", "received"], (c, d) => d == "sent" ? c.FlowBytesSent : c.FlowBytesReceived);

        string[] dropReasons = [.. Enumerable.Range(1, ParseIssues.Count - 1).Where(i => (ParseIssue)i != ParseIssue.OrphanFragment).Select(i => ParseIssues.Name((ParseIssue)i))];
        Header(sb, "weir_dropped_packets_total", "counter", "Frames Weir did not count into a flow, by reason.");
        Labeled(sb, "weir_dropped_packets_total", interfaces, ifaceLabel, "reason", dropReasons, (c, r) => c.Issue(IssueOf(r)));
        string[] issueTypes = [.. Enumerable.Range(1, ParseIssues.Count - 1).Select(i => ParseIssues.Name((ParseIssue)i))];
        Header(sb, "weir_capture_issues_total", "counter", "Capture and parse issues, by type.");
        Labeled(sb, "weir_capture_issues_total", interfaces, ifaceLabel, "type", issueTypes, (c, r) => c.Issue(IssueOf(r)));

        Family(sb, "weir_local_buffer_used_bytes", "gauge", "Bytes held in the local buffer during a hand-over.", interfaces, ifaceLabel, c => c.LocalBuffer.UsedBytes);
        Header(sb, "weir_local_buffer_pool_used_ratio", "gauge", "Fraction of the shared local buffer pool rented.");
        Line(sb, "weir_local_buffer_pool_used_ratio", null, interfaces.Count == 0 ? 0 : interfaces.Max(c => c.LocalBuffer.PoolFraction));
        Family(sb, "weir_active_flows", "gauge", "Flows in the current rotation interval.", interfaces, ifaceLabel, c => c.ActiveFlows);
        Header(sb, "weir_interfaces_capturing", "gauge", "Interfaces whose capture is reading frames.");
        Line(sb, "weir_interfaces_capturing", null, interfaces.Count(c => c.State == CaptureState.Capturing));
        Family(sb, "weir_capture_restarts_total", "counter", "Capture restarts after a source failure.", interfaces, ifaceLabel, c => c.Restarts);

        Header(sb, "weir_writeout_blocks_total", "counter", "Flow blocks written to the database.");
        Line(sb, "weir_writeout_blocks_total", null, blocksWritten);
        Header(sb, "weir_writeout_flows_total", "counter", "Flows written to the database.");
        Line(sb, "weir_writeout_flows_total", null, flowsWritten);

        HistogramFamily(sb, "weir_rotation_duration_seconds", "Time to rotate all interfaces and hand their blocks to writeout.", registry.RotationDuration);
        HistogramFamily(sb, "weir_writeout_duration_seconds", "Time to write one flow block.", registry.WriteoutDuration);
        return sb.ToString();
    }

    private static ParseIssue IssueOf(string name)
    {
        for (int i = 0; i < ParseIssues.Count; i++)
        {
            if (ParseIssues.Name((ParseIssue)i) == name)
            {
                return (ParseIssue)i;
            }
        }

        return ParseIssue.None;
    }

    private static void Family(StringBuilder sb, string name, string type, string help, IReadOnlyList<InterfaceCounters> interfaces, bool ifaceLabel, Func<InterfaceCounters, long> value)
    {
        Header(sb, name, type, help);
        if (ifaceLabel)
        {
            foreach (var c in interfaces)
            {
                Line(sb, name, [("iface", c.Name)], value(c));
            }
        }
        else
        {
            Line(sb, name, null, interfaces.Sum(value));
        }
    }

    private static void Labeled(StringBuilder sb, string name, IReadOnlyList<InterfaceCounters> interfaces, bool ifaceLabel, string label, string[] values, Func<InterfaceCounters, string, long> value)
    {
        foreach (var v in values)
        {
            if (ifaceLabel)
            {
                foreach (var c in interfaces)
                {
                    Line(sb, name, [("iface", c.Name), (label, v)], value(c, v));
                }
            }
            else
            {
                Line(sb, name, [(label, v)], interfaces.Sum(c => value(c, v)));
            }
        }
    }

    private static void HistogramFamily(StringBuilder sb, string name, string help, Histogram histogram)
    {
        Header(sb, name, "histogram", help);
        long count = histogram.Count;
        for (int i = 0; i < histogram.Bounds.Count; i++)
        {
            Line(sb, name + "_bucket", [("le", Number(histogram.Bounds[i]))], Math.Min(histogram.CumulativeCount(i), count));
        }

        Line(sb, name + "_bucket", [("le", "+Inf")], count);
        sb.Append(name).Append("_sum ").Append(Number(histogram.Sum)).Append('\n');
        Line(sb, name + "_count", null, count);
    }

    private static void Header(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
          .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder sb, string name, (string Key, string Value)[]? labels, double value)
    {
        sb.Append(name);
        if (labels is { Length: > 0 })
        {
            sb.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append(labels[i].Key).Append("=\"");
                foreach (char ch in labels[i].Value)
                {
                    _ = ch switch
                    {
                        '\\' => sb.Append("\\\\"),
                        '"' => sb.Append("\\\""),
                        '\n' => sb.Append("\\n"),
                        _ => sb.Append(ch),
                    };
                }

                sb.Append('"');
            }

            sb.Append('}');
        }

        sb.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
