using System.Buffers.Binary;
using System.CommandLine;
using Weir.Engine.Synthetic;
using Weir.Host.Cli;

namespace Weir.Host.Tests.Cli;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("weir-generate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = CliRoot.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void Generate_SmallCapture_WritesPcapTruthAndSummary()
    {
        string pcap = Path.Combine(_dir, "small.pcap");
        string json = Path.Combine(_dir, "small.json");
        var (exitCode, output, error) = Run("generate", "-w", pcap, "--packets", "2000", "--flows", "50", "--seed", "9", "--truth", json);
        Assert.Equal(0, exitCode);
        Assert.Equal("", output);
        Assert.Contains("2,000 packets", error, StringComparison.Ordinal);
        byte[] file = File.ReadAllBytes(pcap);
        Assert.Equal(0xa1b2c3d4u, BinaryPrimitives.ReadUInt32LittleEndian(file));
        GeneratedTruth truth = GeneratedTruth.ReadJson(json);
        Assert.Equal(2000, truth.Totals.Packets);
        Assert.Equal(9ul, truth.Options.Seed);
        Assert.Equal(file.Length - 24 - (16 * 2000), truth.Totals.CapturedBytes);
    }

    [Fact]
    public void Generate_SameSeedTwice_IdenticalFiles()
    {
        string a = Path.Combine(_dir, "a.pcap");
        string b = Path.Combine(_dir, "b.pcap");
        Assert.Equal(0, Run("generate", "-w", a, "--packets", "3000", "--seed", "4").ExitCode);
        Assert.Equal(0, Run("generate", "--write", b, "--packets", "3000", "--seed", "4").ExitCode);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Theory]
    [InlineData("pcapng", 0x0A0D0D0Au)]
    [InlineData("pcap-ns", 0xa1b23c4du)]
    public void Generate_Format_WritesThatFormat(string format, uint magic)
    {
        string path = Path.Combine(_dir, "f.cap");
        Assert.Equal(0, Run("generate", "-w", path, "--packets", "100", "--format", format).ExitCode);
        Assert.Equal(magic, BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(path)));
    }

    [Fact]
    public void Generate_Snaplen96_HeaderSaysSoAndOriginalLengthsStayFull()
    {
        string path = Path.Combine(_dir, "h.pcap");
        Assert.Equal(0, Run("generate", "-w", path, "--packets", "500", "--snaplen", "96").ExitCode);
        byte[] file = File.ReadAllBytes(path);
        Assert.Equal(96u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(16)));
        bool sawCut = false;
        for (int at = 24; at < file.Length;)
        {
            int captured = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 8));
            int original = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 12));
            Assert.True(captured <= 96 && original >= captured);
            sawCut |= original > captured;
            at += 16 + captured;
        }

        Assert.True(sawCut);
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("generate", "-w", "x.pcap", "--packets", "abc")]
    [InlineData("generate", "-w", "x.pcap", "--ipv6", "2")]
    [InlineData("generate", "-w", "x.pcap", "--flows", "0")]
    [InlineData("generate", "-w", "x.pcap", "--format", "erf")]
    [InlineData("generate", "-w", "x.pcap", "--bogus")]
    [InlineData("generate", "-w", "x.pcap", "--direction")]
    public void Generate_BadCommandLine_ExitsWith2AndOneLineErrors(params string[] args)
    {
        var (exitCode, output, error) = Run(args);
        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal("", output);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.StartsWith("weir: ", line, StringComparison.Ordinal));
        Assert.False(File.Exists("x.pcap"));
    }

    [Fact]
    public void Generate_UnwritablePath_ExitsWith1NamingThePath()
    {
        string path = Path.Combine(_dir, "no-such-dir", "x.pcap");
        var (exitCode, _, error) = Run("generate", "-w", path, "--packets", "10");
        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Equal($"weir: cannot write the capture (no such directory): {path}", error.Trim());
    }
}
