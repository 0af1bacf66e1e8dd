using Weir.Engine.Flows;
using Weir.Engine.Storage;
using Weir.Tests.Shared;

namespace Weir.Engine.Tests.Storage;

public sealed class FlowDbTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_interval = TimeSpan.FromMinutes(5);

    internal static FlowBlock MakeBlock(string iface, DateTimeOffset start, params (FlowKey Key, FlowCounters Counters)[] flows)
    {
        var records = flows.Select(f => new FlowRecord { Key = f.Key, Counters = f.Counters }).ToArray();
        return new FlowBlock(iface, start, start + s_interval, records, records.Length, new FlowBlockStats(100, 2, 3, 4));
    }

    private static FlowKey V4(string s, string d, ushort port, byte proto) =>
        new(Ip(s), Ip(d), port, proto, isIPv6: false);

    private static FlowKey V6(string s, string d, ushort port, byte proto) =>
        new(Ip(s), Ip(d), port, proto, isIPv6: true);

    internal static UInt128 Ip(string text)
    {
        byte[] b = System.Net.IPAddress.Parse(text).GetAddressBytes();
        UInt128 v = 0;
        foreach (byte x in b)
        {
            v = (v << 8) | x;
        }

        return v;
    }

    [SkippableTheory]
    [InlineData(ColumnCodec.Zstd)]
    [InlineData(ColumnCodec.Brotli)]
    [InlineData(ColumnCodec.Deflate)]
    [InlineData(ColumnCodec.Lz4)]
    [InlineData(ColumnCodec.None)]
    public void WriteThenRead_EveryCodec_GivesBackEveryRow(ColumnCodec codec)
    {
        Requires.That(ColumnCompression.IsAvailable(codec), $"needs the native library of {codec} (apt-get install libzstd1 liblz4-1)");
        using var dir = new TempDirectory();
        var gen = new SyntheticFlowGenerator(7, "eth0");
        FlowBlock block = gen.Block(s_start, s_interval, 5000);
        using (var writer = new FlowDbWriter(dir.Path, new FlowDbWriterOptions { Codec = codec }))
        {
            writer.Write(block);
        }

        using FlowDbReader reader = FlowDb.Open(dir.Path);
        FlowDbBlock stored = Assert.Single(reader.ListBlocks("eth0", new DateOnly(2026, 11, 30)));
        Assert.Equal(codec, stored.Codec);
        Assert.Equal(block.Totals, stored.Totals);
        Assert.Equal(block.Stats, stored.Stats);
        using BlockColumns cols = reader.ReadBlock(stored, FlowColumns.All)!;
        Assert.NotNull(cols);
        var expected = block.Records.ToArray().ToDictionary(r => r.Key, r => r.Counters);
        Assert.Equal(expected.Count, cols.Count);
        Assert.True(cols.Rows6 > 0 && cols.Rows4 > 0);
        for (int i = 0; i < cols.Count; i++)
        {
            Assert.Equal(expected[cols.KeyAt(i)], cols.CountersAt(i));
        }

        Assert.Empty(reader.Issues);
    }

    [Fact]
    public void Write_SyntheticBlocks_StoreAtMostTwelveBytesPerFlow()
    {
        using var dir = new TempDirectory();
        var gen = new SyntheticFlowGenerator(1, "eth0");
        long rows = 0;
        using (var writer = new FlowDbWriter(dir.Path))
        {
            for (int i = 0; i < 4; i++)
            {
                rows += writer.Write(gen.Block(s_start + (i * s_interval), s_interval, 50_000)).Rows;
            }
        }

        using FlowDbReader reader = FlowDb.Open(dir.Path);
        FlowDbDay day = Assert.Single(reader.ListDays("eth0"));
        Assert.Equal(rows, day.Rows);
        double perFlow = (double)day.StoredBytes / day.Rows;
        Assert.True(perFlow <= 12, $"{perFlow:F2} B/flow");
    }

    [Fact]
    public void ListDays_BlocksOverTwoDaysAndInterfaces_SumsEachDay()
    {
        using var dir = new TempDirectory();
        DateTimeOffset late = new(2026, 11, 30, 23, 55, 0, TimeSpan.Zero);
        FlowKey k = V4("10.0.0.1", "10.0.0.2", 443, 6);
        using (var writer = new FlowDbWriter(dir.Path))
        {
            writer.Write(MakeBlock("eth0", late, (k, new FlowCounters(1, 2, 3, 4))));
            writer.Write(MakeBlock("eth0", late + s_interval, (k, new FlowCounters(10, 20, 30, 40))));
            writer.Write(MakeBlock("eth1", late, (V6("2001:db8::1", "2001:db8::2", 53, 17), new FlowCounters(5, 5, 5, 5))));
        }

        using FlowDbReader reader = FlowDb.Open(dir.Path);
        Assert.Equal(["eth0", "eth1"], reader.ListInterfaces());
        IReadOnlyList<FlowDbDay> days = reader.ListDays("eth0");
        Assert.Equal([new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 1)], days.Select(d => d.Day));
        Assert.Equal(new FlowCounters(1, 2, 3, 4), days[0].Totals);
        Assert.Equal(new FlowCounters(10, 20, 30, 40), days[1].Totals);
        Assert.Equal(3, days[1].Stats.KernelDropped);
        Assert.Equal(4, days[1].Stats.LocalDropped);
        FlowDbDay v6 = Assert.Single(reader.ListDays("eth1"));
        Assert.Equal(1, v6.Rows6);
        Assert.Equal(0, v6.Rows4);
    }

    [Fact]
    public void ReadBlock_TruncatedColumn_ReportsAndKeepsOtherBlocks()
    {
        using var dir = new TempDirectory();
        WriteBlocks(dir.Path, 3);
        string file = Path.Combine(dir.Path, "eth0", "2026-11-30", "bytes_sent.col");
        using (var fs = new FileStream(file, FileMode.Open))
        {
            fs.SetLength(fs.Length - 10);
        }

        (int ok, IReadOnlyList<FlowDbIssue> issues) = ReadAll(dir.Path);
        Assert.Equal(2, ok);
        FlowDbIssue issue = Assert.Single(issues);
        Assert.Equal(FlowDbIssueKind.TruncatedColumn, issue.Kind);
        Assert.Equal(file, issue.Path);
    }

    [Fact]
    public void ReadBlock_FlippedByte_ReportsChecksumMismatch()
    {
        using var dir = new TempDirectory();
        WriteBlocks(dir.Path, 3);
        string file = Path.Combine(dir.Path, "eth0", "2026-11-30", "sip.col");
        byte[] bytes = File.ReadAllBytes(file);
        bytes[5] ^= 0x40;
        File.WriteAllBytes(file, bytes);

        (int ok, IReadOnlyList<FlowDbIssue> issues) = ReadAll(dir.Path);
        Assert.Equal(2, ok);
        Assert.Equal(FlowDbIssueKind.ChecksumMismatch, Assert.Single(issues).Kind);
    }

    [Fact]
    public void ListBlocks_DeletedMetadata_ReportsDayAndKeepsOtherDays()
    {
        using var dir = new TempDirectory();
        WriteBlocks(dir.Path, 2);
        using (var writer = new FlowDbWriter(dir.Path))
        {
            writer.Write(new SyntheticFlowGenerator(3, "eth0").Block(s_start.AddDays(1), s_interval, 100));
        }

        File.Delete(Path.Combine(dir.Path, "eth0", "2026-11-30", "blocks.meta"));
        (int ok, IReadOnlyList<FlowDbIssue> issues) = ReadAll(dir.Path);
        Assert.Equal(1, ok);
        Assert.Equal(FlowDbIssueKind.MissingMetadata, Assert.Single(issues).Kind);
    }

    [Fact]
    public void ListBlocks_CorruptMetadata_ReportsDay()
    {
        using var dir = new TempDirectory();
        WriteBlocks(dir.Path, 2);
        string meta = Path.Combine(dir.Path, "eth0", "2026-11-30", "blocks.meta");
        byte[] bytes = File.ReadAllBytes(meta);
        bytes[40] ^= 1;
        File.WriteAllBytes(meta, bytes);
        (int ok, IReadOnlyList<FlowDbIssue> issues) = ReadAll(dir.Path);
        Assert.Equal(0, ok);
        Assert.Equal(FlowDbIssueKind.CorruptMetadata, Assert.Single(issues).Kind);
    }

    [Fact]
    public void Open_TornWriteAfterLastBlock_ReportsUncommittedAndNextWriterTruncates()
    {
        using var dir = new TempDirectory();
        WriteBlocks(dir.Path, 2);
        string file = Path.Combine(dir.Path, "eth0", "2026-11-30", "dip.col");
        long committed = new FileInfo(file).Length;
        File.AppendAllText(file, "half a block");

        (int ok, IReadOnlyList<FlowDbIssue> issues) = ReadAll(dir.Path);
        Assert.Equal(2, ok);
        Assert.Equal(FlowDbIssueKind.UncommittedData, Assert.Single(issues).Kind);

        using (var writer = new FlowDbWriter(dir.Path))
        {
            writer.Write(new SyntheticFlowGenerator(3, "eth0").Block(s_start.AddHours(1), s_interval, 100));
        }

        (ok, issues) = ReadAll(dir.Path);
        Assert.Equal(3, ok);
        Assert.Empty(issues);
        Assert.True(new FileInfo(file).Length > committed);
    }

    [Fact]
    public void ListBlocks_TrailingBytesWhileWriterHoldsTheDatabase_IsNotReported()
    {
        using var dir = new TempDirectory();
        WriteBlocks(dir.Path, 1);
        using var writer = new FlowDbWriter(dir.Path);
        File.AppendAllText(Path.Combine(dir.Path, "eth0", "2026-11-30", "dip.col"), "a write in progress");
        (int ok, IReadOnlyList<FlowDbIssue> issues) = ReadAll(dir.Path);
        Assert.Equal(1, ok);
        Assert.Empty(issues);
    }

    [Fact]
    public void ListDays_AThousandDays_ComeFromTheSummaryQuickly()
    {
        using var dir = new TempDirectory();
        FlowKey k = V4("10.0.0.1", "10.0.0.2", 443, 6);
        using (var writer = new FlowDbWriter(dir.Path, new FlowDbWriterOptions { Durable = false }))
        {
            for (int d = 0; d < 1000; d++)
            {
                writer.Write(MakeBlock("eth0", s_start.AddDays(d), (k, new FlowCounters((ulong)d, 1, 1, 1))));
            }
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using FlowDbReader reader = FlowDb.Open(dir.Path);
        IReadOnlyList<FlowDbDay> days = reader.ListDays("eth0");
        clock.Stop();
        Assert.Equal(1000, days.Count);
        Assert.Equal(999UL, days[^1].Totals.BytesReceived);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"listing took {clock.Elapsed}");
    }

    [Fact]
    public void ApplyRetention_OldDays_DeletesWholeDaysOnly()
    {
        using var dir = new TempDirectory();
        var gen = new SyntheticFlowGenerator(5, "eth0");
        using var writer = new FlowDbWriter(dir.Path);
        for (int d = 0; d < 5; d++)
        {
            writer.Write(gen.Block(s_start.AddDays(d), s_interval, 50));
        }

        IReadOnlyList<FlowDbDay> deleted = writer.ApplyRetention(TimeSpan.FromDays(2), new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal([new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2)], deleted.Select(d => d.Day));
        using FlowDbReader reader = FlowDb.Open(dir.Path);
        Assert.Equal([new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 4)], reader.ListDays("eth0").Select(d => d.Day));
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(dir.Path, "eth0")).Length);
    }

    [Fact]
    public async Task Reader_WhileWriterAppends_SeesOnlyCommittedBlocksAndNoIssues()
    {
        using var dir = new TempDirectory();
        var gen = new SyntheticFlowGenerator(9, "eth0");
        using var writer = new FlowDbWriter(dir.Path);
        writer.Write(gen.Block(s_start, s_interval, 2000));
        using var stop = new CancellationTokenSource();
        int written = 1;
        var task = Task.Run(() =>
        {
            for (int i = 1; i < 20; i++)
            {
                writer.Write(gen.Block(s_start + (i * s_interval), s_interval, 2000));
                Volatile.Write(ref written, i + 1);
            }
        });

        int maxSeen = 0;
        while (!task.IsCompleted || maxSeen < 20)
        {
            int before = Volatile.Read(ref written);
            using FlowDbReader reader = FlowDb.Open(dir.Path);
            IReadOnlyList<FlowDbBlock> blocks = reader.ListBlocks("eth0", new DateOnly(2026, 11, 30));
            Assert.True(blocks.Count >= before);
            foreach (FlowDbBlock b in blocks)
            {
                using BlockColumns? cols = reader.ReadBlock(b, FlowColumns.All);
                Assert.NotNull(cols);
            }

            Assert.Empty(reader.Issues);
            maxSeen = blocks.Count;
        }

        await task;
        Assert.Equal(20, maxSeen);
    }

    [Fact]
    public void Writer_SecondWriterOnSameDatabase_IsRefused()
    {
        using var dir = new TempDirectory();
        using var writer = new FlowDbWriter(dir.Path);
        FlowDbException e = Assert.Throws<FlowDbException>(() => new FlowDbWriter(dir.Path));
        Assert.Contains(".writer.lock", e.Message, StringComparison.Ordinal);
    }

    private static void WriteBlocks(string root, int count)
    {
        var gen = new SyntheticFlowGenerator(3, "eth0");
        using var writer = new FlowDbWriter(root);
        for (int i = 0; i < count; i++)
        {
            writer.Write(gen.Block(s_start + (i * s_interval), s_interval, 300));
        }
    }

    private static (int Ok, IReadOnlyList<FlowDbIssue> Issues) ReadAll(string root)
    {
        using FlowDbReader reader = FlowDb.Open(root);
        int ok = 0;
        foreach (string iface in reader.ListInterfaces())
        {
            foreach (DateOnly day in reader.ListDayDates(iface))
            {
                foreach (FlowDbBlock b in reader.ListBlocks(iface, day))
                {
                    using BlockColumns? c = reader.ReadBlock(b, FlowColumns.All);
                    ok += c is null ? 0 : 1;
                }
            }
        }

        return (ok, reader.Issues);
    }
}
