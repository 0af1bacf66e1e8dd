using System.Net;
using System.Text.Json;
using Weir.Engine.Query;
using Weir.Host.Cli;
using Weir.Tests.Shared;

namespace Weir.Host.Tests.Cli;

/// <summary>
/// <c>weir flows -r FILE --format json</c> against tshark's facts about the shared corpus: for every file whose link
/// type Weir decodes, the per-IP-pair packet and byte totals of the printed flows equal <c>EXPECTED.jsonl</c>'s
/// (outermost IP header, no reassembly), and the printed totals count every frame of the file.
/// </summary>
public sealed class FlowsCommandCorpusTests
{
    /// <summary>Files whose link type Weir does not decode (docs/corpus.md gives the reasons).</summary>
    private static readonly HashSet<string> s_undecodedLinkTypes =
    [
        "802_15_4-data.pcap", "cve2015-0261-ipv6.pcap", "heap-overflow-2.pcap", "hoobr_juniper.pcap",
        "llc-xid-heapoverflow.pcap", "atm-oam-loopback-print-overrun.pcap", "pktap-heap-overflow.pcap",
        "unsupported-link-type-160.pcap", "unsupported-link-type-dbus.pcap", "vsock-1.pcapng",
    ];

    [SkippableFact]
    public void FlowsJson_EveryDecodedCorpusFile_MatchesTsharkPairTotals()
    {
        string corpus = Requires.PcapCorpus();
        var failures = new List<string>();
        int compared = 0;
        foreach (string line in File.ReadLines(Path.Combine(corpus, "EXPECTED.jsonl")))
        {
            using JsonDocument expectedDoc = JsonDocument.Parse(line);
            JsonElement expected = expectedDoc.RootElement;
            string file = expected.GetProperty("file").GetString()!;
            if (s_undecodedLinkTypes.Contains(file))
            {
                continue;
            }

            using var output = new MemoryStream();
            int exit = FlowsCommand.RunFile(Path.Combine(corpus, file), OutputFormat.Json, 0, FlowSortOrder.Bytes, output);
            using JsonDocument actualDoc = JsonDocument.Parse(output.ToArray());
            JsonElement actual = actualDoc.RootElement;
            bool partial = actual.TryGetProperty("error", out _);
            if (exit != (partial ? 1 : 0))
            {
                failures.Add($"{file}: exit {exit} with error field {partial}");
            }

            compared++;
            long packets = actual.GetProperty("totals").GetProperty("packets").GetInt64();
            if (packets != expected.GetProperty("packets").GetInt64())
            {
                failures.Add($"{file}: totals.packets {packets}, tshark {expected.GetProperty("packets").GetInt64()}");
            }

            var got = new Dictionary<string, (long Packets, long Bytes)>();
            foreach (JsonElement flow in actual.GetProperty("flows").EnumerateArray())
            {
                string key = Pair(flow.GetProperty("sip").GetString()!, flow.GetProperty("dip").GetString()!);
                got.TryGetValue(key, out var sum);
                got[key] = (sum.Packets + flow.GetProperty("pkts_sent").GetInt64() + flow.GetProperty("pkts_rcvd").GetInt64(),
                    sum.Bytes + flow.GetProperty("bytes_sent").GetInt64() + flow.GetProperty("bytes_rcvd").GetInt64());
            }

            var want = new Dictionary<string, (long Packets, long Bytes)>();
            foreach (JsonElement pair in expected.GetProperty("pairs").EnumerateArray())
            {
                want[Pair(pair.GetProperty("a").GetString()!, pair.GetProperty("b").GetString()!)] =
                    (pair.GetProperty("packets").GetInt64(), pair.GetProperty("bytes").GetInt64());
            }

            foreach (var (key, value) in want)
            {
                if (!got.TryGetValue(key, out var g) || g != value)
                {
                    failures.Add($"{file}: pair {key} tshark {value}, weir {g}");
                }
            }

            foreach (string key in got.Keys.Where(k => !want.ContainsKey(k)))
            {
                failures.Add($"{file}: pair {key} printed by weir but not seen by tshark");
            }
        }

        Assert.True(compared > 140, $"only {compared} corpus files compared");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>An unordered address pair in canonical text (addresses parsed, so IPv6 spellings agree).</summary>
    private static string Pair(string a, string b)
    {
        string x = IPAddress.Parse(a).ToString(), y = IPAddress.Parse(b).ToString();
        return string.CompareOrdinal(x, y) <= 0 ? $"{x} {y}" : $"{y} {x}";
    }
}
