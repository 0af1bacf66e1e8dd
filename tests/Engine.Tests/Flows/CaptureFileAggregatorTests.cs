using System.Globalization;
using System.Text;
using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;
using Weir.Engine.Synthetic;
using Weir.Engine.Tests.Capture;
using Weir.Tests.Shared;
using static Weir.Engine.Tests.Packets.Pkt;

namespace Weir.Engine.Tests.Flows;

/// <summary>
/// Counting a pcap file on several threads must give what one log reading it from start to end gives: every
/// flow's key, counters, times, flags and confidence, the totals and every issue count — also where the order of
/// packets decides a flow's key (guesses, re-keying by SYN, fragments) and the ranges cut through it.
/// </summary>
public sealed class CaptureFileAggregatorTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void TryAggregate_GeneratedTraffic_EqualsOneSequentialRead(int threads)
    {
        string path = TempPath();
        try
        {
            new TrafficGenerator(new TrafficGeneratorOptions { Packets = 40_000, Flows = 600, Seed = 5 }).WriteCapture(path);
            CaptureFileAggregate parallel = CountParallel(path, threads, minimumSegmentBytes: 4096);
            Assert.Equal(threads, parallel.Parts);
            Assert.Null(parallel.Error);
            Assert.Equal(Describe(CountSequential(path, out CaptureSourceStats expectedSource)), Describe(parallel.Log));
            Assert.Equal(expectedSource, parallel.Source);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TryAggregate_OrderDependentKeying_AcrossEveryCut_EqualsOneSequentialRead()
    {
        // Cut so that nearly every record starts a range: every flow whose key depends on earlier packets
        // (a guess kept, a guess re-keyed by a later SYN or SYN-ACK, equal ports, fragments) straddles cuts.
        string path = TempPath();
        try
        {
            WriteOrderDependentCapture(path);
            CaptureFileAggregate parallel = CountParallel(path, threads: 64, minimumSegmentBytes: 1);
            Assert.True(parallel.Parts > 30, $"only {parallel.Parts} ranges");
            Assert.True(parallel.Recounted > 0, "no address pair needed recounting: the capture does not test the merge");
            Assert.Equal(Describe(CountSequential(path, out _)), Describe(parallel.Log));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TryAggregate_TruncatedFile_ReportsTheSameErrorAndCountsWhatCameBefore()
    {
        string path = TempPath();
        try
        {
            new TrafficGenerator(new TrafficGeneratorOptions { Packets = 5_000, Flows = 50, Seed = 9 }).WriteCapture(path);
            using (var f = File.OpenWrite(path))
            {
                f.SetLength(f.Length * 2 / 3);
            }

            string sequentialError = "";
            FlowLog sequential = CountSequential(path, out CaptureSourceStats expectedSource, e => sequentialError = e);
            CaptureFileAggregate parallel = CountParallel(path, threads: 4, minimumSegmentBytes: 4096);
            Assert.Equal(sequentialError, parallel.Error);
            Assert.Contains("truncated record", parallel.Error, StringComparison.Ordinal);
            Assert.Equal(expectedSource, parallel.Source);
            Assert.Equal(Describe(sequential), Describe(parallel.Log));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TryAggregate_CutGuessedInsideAPayload_FallsBackInsteadOfCountingGarbage()
    {
        // One large record whose payload holds a chain of record headers that look real, placed where the cut
        // falls: the scan takes it for a boundary, the first range never ends there, so the parallel read is refused.
        string path = TempPath();
        try
        {
            const int FrameLength = 200_000;
            const int Headers = 14 + 20 + 8; // Ethernet, IPv4, UDP before the payload
            long fileLength = 24 + 16 + FrameLength + 16 + 60;
            long cut = 24 + ((fileLength - 24) / 2);
            byte[] payload = new byte[FrameLength - Headers];
            var fake = new CaptureBytes();
            for (int i = 0; i < PcapFileSegments.ChainLength + 2; i++)
            {
                fake.U32(1_700_000_000).U32(0).U32(10).U32(10).Raw(new byte[10]);
            }

            fake.ToArray().CopyTo(payload, (int)(cut - 24 - 16 - Headers));
            using (var stream = File.Create(path))
            using (var writer = new PcapWriter(stream))
            {
                writer.WriteFrame(Cat(Eth(0x0800), V4(17, Cat(Udp(1000, 53), payload))), 1_700_000_000_000_000_000);
                writer.WriteFrame(Cat(Eth(0x0800), V4(17, Udp(1000, 53)), new byte[18]), 1_700_000_000_000_000_001);
            }

            Assert.Equal(fileLength, new FileInfo(path).Length);
            Assert.Null(CaptureFileAggregator.TryAggregate(path, threads: 2, minimumSegmentBytes: 1));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TryAggregate_NotAClassicPcap_ReturnsNull()
    {
        string path = TempPath();
        try
        {
            new TrafficGenerator(new TrafficGeneratorOptions { Packets = 2_000, Flows = 20, Seed = 3 }).WriteCapture(path, SyntheticCaptureFormat.PcapNg);
            Assert.Null(CaptureFileAggregator.TryAggregate(path, threads: 4, minimumSegmentBytes: 1));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public void TryAggregate_EveryCorpusPcap_EqualsOneSequentialRead()
    {
        string corpus = Requires.PcapCorpus();
        var failures = new List<string>();
        int compared = 0;
        foreach (string path in Directory.EnumerateFiles(corpus, "*.pcap").Order(StringComparer.Ordinal))
        {
            CaptureFileAggregate? parallel;
            try
            {
                parallel = CaptureFileAggregator.TryAggregate(path, threads: 5, minimumSegmentBytes: 256);
            }
            catch (Exception e)
            {
                failures.Add($"{Path.GetFileName(path)}: {e.GetType().Name}: {e.Message}");
                continue;
            }

            if (parallel is null)
            {
                continue;
            }

            string error = "";
            FlowLog sequential;
            try
            {
                sequential = CountSequential(path, out _, e => error = e);
            }
            catch (CaptureFileException)
            {
                continue;
            }

            compared++;
            if (Describe(sequential) != Describe(parallel.Log) || error != (parallel.Error ?? ""))
            {
                failures.Add($"{Path.GetFileName(path)} ({parallel.Parts} parts): differs from the sequential read");
            }
        }

        Assert.True(compared >= 20, $"only {compared} corpus files were cut into ranges");
        Assert.Empty(failures);
    }

    private static CaptureFileAggregate CountParallel(string path, int threads, long minimumSegmentBytes) =>
        CaptureFileAggregator.TryAggregate(path, threads, minimumSegmentBytes: minimumSegmentBytes)
        ?? throw new Xunit.Sdk.XunitException($"{path} was not read in parallel");

    private static FlowLog CountSequential(string path, out CaptureSourceStats source, Action<string>? error = null)
    {
        var log = new FlowLog();
        var handler = new FlowLogFrameHandler(log);
        using ICaptureSource reader = CaptureFile.Open(path);
        try
        {
            while (reader.ReadBatch(ref handler, CancellationToken.None) >= 0)
            {
            }
        }
        catch (CaptureFileException e) when (error is not null)
        {
            error(e.Message);
        }

        source = reader.Stats;
        return log;
    }

    /// <summary>Everything a user of the log can see, one line per flow in key order, then totals and issues.</summary>
    private static string Describe(FlowLog log)
    {
        FlowBlock block = log.Aggregate("x", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var sb = new StringBuilder();
        foreach (FlowRecord r in block.Records.ToArray().OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{r.Key} {r.Counters.BytesSent}/{r.Counters.BytesReceived}/{r.Counters.PacketsSent}/{r.Counters.PacketsReceived} {r.FirstSeenNs}-{r.LastSeenNs} f{r.TcpFlags} c{r.DirectionConfident}\n");
        }

        FlowLogStats s = log.Stats;
        sb.Append(CultureInfo.InvariantCulture, $"totals {block.Totals} processed {s.PacketsProcessed} counted {s.PacketsCounted} not {s.PacketsNotCounted} bytes {s.BytesProcessed}/{s.BytesCounted}\n");
        for (int i = 0; i < s.IssueCounts.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{ParseIssues.Name((ParseIssue)i)}={s.IssueCounts[i]} ");
        }

        return sb.ToString();
    }

    /// <summary>Conversations whose keys depend on the order packets come in, interleaved over many records.</summary>
    private static void WriteOrderDependentCapture(string path)
    {
        using var stream = File.Create(path);
        using var writer = new PcapWriter(stream);
        long t = 1_700_000_000_000_000_000;
        void Write(byte[] ip) => writer.WriteFrame(Cat(Eth(0x0800), ip), t += 1_000_000);
        for (int round = 0; round < 12; round++)
        {
            // Both ports ephemeral, then a SYN-ACK from the first sender: guessed one way, re-keyed the other.
            Write(V4(6, Tcp(50000, 40000, 0x10), "10.0.0.1", "10.0.0.2"));
            Write(V4(6, Tcp(40000, 50000, 0x10), "10.0.0.2", "10.0.0.1"));
            Write(V4(6, Tcp(50000, 40000, 0x12), "10.0.0.1", "10.0.0.2"));
            // Equal ports: the first packet's sender is taken as the client, and that guess stands.
            Write(V4(17, Udp(5000, 5000), round % 2 == 0 ? "10.0.1.1" : "10.0.1.2", round % 2 == 0 ? "10.0.1.2" : "10.0.1.1"));
            // A conversation in both directions between the same hosts on different services.
            Write(V4(6, Tcp(40001, 80, 0x02), "10.0.2.1", "10.0.2.2"));
            Write(V4(6, Tcp(40002, 22, 0x02), "10.0.2.2", "10.0.2.1"));
            Write(V4(6, Tcp(80, 40001, 0x12), "10.0.2.2", "10.0.2.1"));
            // A host talking to itself.
            Write(V4(6, Tcp(40003 + round, 8080, 0x10), "10.0.3.1", "10.0.3.1"));
            Write(V4(6, Tcp(8080, 40003 + round, 0x12), "10.0.3.1", "10.0.3.1"));
            // A datagram in three fragments, one per record, so cuts fall between them.
            int id = 0x4000 + round;
            Write(V4(17, Cat(Udp(40100, 53), new byte[16]), "10.0.4.1", "10.0.4.2", fragment: 0x2000, id: id));
            Write(V4(17, new byte[24], "10.0.4.1", "10.0.4.2", fragment: 0x2000 | 3, id: id));
            Write(V4(17, new byte[24], "10.0.4.1", "10.0.4.2", fragment: 6, id: id));
            // ICMP request and reply; a reply seen first is confident the other way.
            Write(V4(1, Icmp((byte)(round % 2 == 0 ? 8 : 0), 0), "10.0.5.1", "10.0.5.2"));
            Write(V4(1, Icmp((byte)(round % 2 == 0 ? 0 : 8), 0), "10.0.5.2", "10.0.5.1"));
            // Plain traffic between other hosts.
            Write(V4(6, Tcp(41000 + round, 443, 0x10), $"10.1.{round}.1", "10.2.0.1"));
        }
    }

    private static string TempPath() => Path.Combine(Path.GetTempPath(), "weir-par-" + Guid.NewGuid().ToString("N") + ".pcap");
}
