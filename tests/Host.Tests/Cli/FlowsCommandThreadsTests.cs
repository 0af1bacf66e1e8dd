using System.Text;
using System.Text.RegularExpressions;
using Weir.Engine.Query;
using Weir.Engine.Synthetic;
using Weir.Host.Cli;

namespace Weir.Host.Tests.Cli;

/// <summary><c>weir flows -r</c> on several threads prints exactly what one thread prints.</summary>
public sealed partial class FlowsCommandThreadsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("weir-flows-threads-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(OutputFormat.Json)]
    [InlineData(OutputFormat.Csv)]
    public void FlowsFile_ThreeThreads_PrintsWhatOneThreadPrints(OutputFormat format)
    {
        string path = Path.Combine(_dir, "t.pcap");
        new TrafficGenerator(new TrafficGeneratorOptions { Packets = 30_000, Flows = 700, Seed = 21 }).WriteCapture(path);
        (int exitOne, string one) = Run(path, format, threads: 1);
        (int exitThree, string three) = Run(path, format, threads: 3);
        Assert.Equal(0, exitOne);
        Assert.Equal(0, exitThree);
        Assert.True(one.Length > 10_000, "the report must hold the flows");
        Assert.Equal(WithoutElapsed(one), WithoutElapsed(three));
    }

    [Fact]
    public void FlowsFile_TruncatedOnThreeThreads_SameFlowsSameErrorExitOne()
    {
        string path = Path.Combine(_dir, "cut.pcap");
        new TrafficGenerator(new TrafficGeneratorOptions { Packets = 20_000, Flows = 300, Seed = 22 }).WriteCapture(path);
        using (var f = File.OpenWrite(path))
        {
            f.SetLength((f.Length * 3 / 4) + 7);
        }

        (int exitOne, string one) = Run(path, OutputFormat.Json, threads: 1);
        (int exitThree, string three) = Run(path, OutputFormat.Json, threads: 3);
        Assert.Equal(1, exitOne);
        Assert.Equal(1, exitThree);
        Assert.Contains("\"error\":", three, StringComparison.Ordinal);
        Assert.Equal(WithoutElapsed(one), WithoutElapsed(three));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    public void Flows_ThreadsOutOfRange_IsAUsageError(string threads)
    {
        (int exit, string stdout, string stderr) = WeirProcess.Run("flows", "-r", Path.Combine(_dir, "none.pcap"), "--threads", threads);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", stdout);
        Assert.Contains("--threads must be 1 to 64", stderr, StringComparison.Ordinal);
    }

    private static (int Exit, string Output) Run(string path, OutputFormat format, int threads)
    {
        using var output = new MemoryStream();
        int exit = FlowsCommand.RunFile(path, format, 0, FlowSortOrder.Bytes, output, threads, minimumSegmentBytes: 4096);
        return (exit, Encoding.UTF8.GetString(output.ToArray()));
    }

    private static string WithoutElapsed(string report) => Seconds().Replace(report, "\"seconds\":_");

    [GeneratedRegex("\"seconds\":[0-9.]+")]
    private static partial Regex Seconds();
}
