using System.Diagnostics;
using System.Globalization;
using Weir.Engine.Flows;
using Weir.Engine.Storage;
using Xunit.Abstractions;

namespace Weir.Host.Tests.Cli;

/// <summary>
/// Kills a writing <c>weir db fill</c> with SIGKILL at random moments, many times, then checks that the database
/// opens, that every block the writer reported committed is intact with exactly the generated totals, and that
/// anything torn is reported, never returned.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 20;
    private const int BlocksPerRun = 8;
    private const ulong Seed = 5;
    private static readonly TimeSpan s_interval = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset s_base = new(2026, 11, 30, 20, 0, 0, TimeSpan.Zero);
    private readonly string _db = Path.Combine(Path.GetTempPath(), "weir-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_db))
        {
            Directory.Delete(_db, recursive: true);
        }
    }

    [Fact]
    public void Fill_KilledAtRandomPoints_CommittedBlocksSurviveAndTornOnesAreSkipped()
    {
        var random = new Random(20261130);
        var committed = new HashSet<long>();
        var clock = Stopwatch.StartNew();
        for (int run = 0; run < Kills; run++)
        {
            DateTimeOffset start = s_base + (run * BlocksPerRun * s_interval);
            ProcessStartInfo psi = WeirProcess.StartInfo("db", "fill", "--db", _db, "--iface", "eth0", "--blocks", BlocksPerRun.ToString(CultureInfo.InvariantCulture),
                "--flows-per-block", "3000", "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--start", start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            using Process p = Process.Start(psi)!;
            var lines = new List<string>();
            using var first = new ManualResetEventSlim();
            p.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (lines)
                    {
                        lines.Add(e.Data);
                    }

                    first.Set();
                }
            };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();

            // Process start-up takes a while on a loaded machine; kill at a random point of the writing that follows.
            first.Wait(TimeSpan.FromSeconds(20));
            Thread.Sleep(random.Next(0, 700));
            if (!p.HasExited)
            {
                p.Kill(); // SIGKILL on Linux: no finally blocks, no flush
            }

            p.WaitForExit();
            lock (lines)
            {
                foreach (string line in lines)
                {
                    string[] f = line.Split(' ');
                    Assert.Equal("committed", f[0]);
                    committed.Add(long.Parse(f[2], CultureInfo.InvariantCulture));
                }
            }
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"crash loop took {clock.Elapsed}");
        Assert.NotEmpty(committed);

        var gen = new SyntheticFlowGenerator(Seed, "eth0");
        using FlowDbReader reader = FlowDb.Open(_db);
        var present = new Dictionary<long, FlowDbBlock>();
        foreach (DateOnly day in reader.ListDayDates("eth0"))
        {
            foreach (FlowDbBlock b in reader.ListBlocks("eth0", day))
            {
                Assert.True(present.TryAdd(b.Start.ToUnixTimeSeconds(), b), $"block {b.Start} listed twice");
            }
        }

        foreach (long start in committed)
        {
            Assert.True(present.ContainsKey(start), $"committed block {start} is missing");
        }

        // Every listed block (reported or committed just before the kill) is whole and holds exactly what was generated.
        foreach ((long start, FlowDbBlock b) in present)
        {
            FlowBlock expected = gen.Block(DateTimeOffset.FromUnixTimeSeconds(start), s_interval, 3000);
            Assert.Equal(expected.Totals, b.Totals);
            using BlockColumns? cols = reader.ReadBlock(b, FlowColumns.All);
            Assert.NotNull(cols);
            FlowCounters sum = default;
            for (int i = 0; i < cols.Count; i++)
            {
                sum += cols.CountersAt(i);
            }

            Assert.Equal(expected.Totals, sum);
        }

        output.WriteLine($"{Kills} kills in {clock.Elapsed.TotalSeconds:F1} s: {committed.Count} blocks reported committed, {present.Count} present, {reader.Issues.Count} torn write(s) reported");
        foreach (FlowDbIssue issue in reader.Issues)
        {
            output.WriteLine(issue.ToString());
        }

        Assert.All(reader.Issues, i => Assert.Equal(FlowDbIssueKind.UncommittedData, i.Kind));

        // The query path agrees, and the summary the next writer repairs agrees with the metadata.
        (int exit, string stdout, string stderr) = WeirProcess.Run("query", "--db", _db, "--format", "csv", "-n", "0", "iface");
        Assert.True(exit is 0 or 1, stderr);
        ulong expectedBytes = present.Values.Aggregate(0UL, (s, b) => s + b.Totals.BytesReceived);
        Assert.Contains($"eth0,{expectedBytes},", stdout, StringComparison.Ordinal);
    }
}
