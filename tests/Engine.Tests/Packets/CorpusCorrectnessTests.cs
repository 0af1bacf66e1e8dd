using System.Net;
using System.Text.Json;
using Weir.Engine.Capture;
using Weir.Engine.Packets;
using Weir.Tests.Shared;

namespace Weir.Engine.Tests.Packets;

/// <summary>
/// Checks reader and parser against tshark's facts about the shared corpus (<c>EXPECTED.jsonl</c>): per file the
/// packet count and length totals, and per unordered pair of outermost IP addresses the packets and bytes.
/// </summary>
public sealed class CorpusCorrectnessTests
{
    /// <summary>Files left out of the pair comparison, with the reason (also in docs/corpus.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>
    {
        ["802_15_4-data.pcap"] = "link type 195 (IEEE 802.15.4 with 6LoWPAN header compression) is not decoded",
        ["cve2015-0261-ipv6.pcap"] = "link type 8 (SLIP) is not decoded",
        ["heap-overflow-2.pcap"] = "link type 106 (Linux ATM CLIP) is not decoded",
        ["hoobr_juniper.pcap"] = "link type 137 (Juniper ATM2) is not decoded",
        ["llc-xid-heapoverflow.pcap"] = "link type 100 (ATM RFC 1483) is not decoded",
        ["atm-oam-loopback-print-overrun.pcap"] = "link type 123 (SunATM) is not decoded",
        ["pktap-heap-overflow.pcap"] = "link type 149 (USER2) is not decoded",
        ["unsupported-link-type-160.pcap"] = "link type 160 (USER13) is not decoded",
        ["unsupported-link-type-dbus.pcap"] = "link type 231 (D-Bus) is not decoded",
        ["vsock-1.pcapng"] = "link type 271 (Linux vsock) is not decoded",
    };

    [SkippableFact]
    public void Corpus_EveryDecodedFile_MatchesTsharkTotalsAndIpPairs()
    {
        string corpus = Requires.PcapCorpus();
        var failures = new List<string>();
        int compared = 0;
        foreach (string line in File.ReadLines(Path.Combine(corpus, "EXPECTED.jsonl")))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement expected = document.RootElement;
            string file = expected.GetProperty("file").GetString()!;
            var linkType = (LinkType)expected.GetProperty("linktype").GetInt32();
            if (Excluded.ContainsKey(file))
            {
                continue;
            }

            if (!PacketParser.Supports(linkType))
            {
                failures.Add($"{file}: link type {(int)linkType} is not decoded but the file is not listed in Excluded");
                continue;
            }

            CorpusTotals actual = CorpusTotals.Read(Path.Combine(corpus, file));
            compared++;
            Compare(failures, file, "packets", expected.GetProperty("packets").GetInt64(), actual.Packets);
            Compare(failures, file, "frame_len_total", expected.GetProperty("frame_len_total").GetInt64(), actual.FrameLengthTotal);
            Compare(failures, file, "cap_len_total", expected.GetProperty("cap_len_total").GetInt64(), actual.CapturedLengthTotal);

            var expectedPairs = new Dictionary<(UInt128, UInt128, bool), (long Packets, long Bytes)>();
            foreach (JsonElement pair in expected.GetProperty("pairs").EnumerateArray())
            {
                expectedPairs[CorpusTotals.PairKey(IPAddress.Parse(pair.GetProperty("a").GetString()!), IPAddress.Parse(pair.GetProperty("b").GetString()!))] =
                    (pair.GetProperty("packets").GetInt64(), pair.GetProperty("bytes").GetInt64());
            }

            foreach (var (key, value) in expectedPairs)
            {
                actual.Pairs.TryGetValue(key, out var got);
                if (got != value)
                {
                    failures.Add($"{file}: pair {CorpusTotals.Describe(key)} expected {value} got {got}");
                }
            }

            foreach (var (key, value) in actual.Pairs)
            {
                if (!expectedPairs.ContainsKey(key))
                {
                    failures.Add($"{file}: unexpected pair {CorpusTotals.Describe(key)} {value}");
                }
            }
        }

        Assert.True(compared > 140, $"only {compared} files compared");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static void Compare(List<string> failures, string file, string what, long expected, long actual)
    {
        if (expected != actual)
        {
            failures.Add($"{file}: {what} expected {expected} got {actual}");
        }
    }
}
