using System.CommandLine;
using System.Net;
using System.Text.Json;
using Weir.Host.Cli;

namespace Weir.Host.Tests.Cli;

public sealed class DissectCommandTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "weir-dissect-" + Guid.NewGuid().ToString("N") + ".pcap");

    public void Dispose() => File.Delete(_path);

    /// <summary>Ethernet / IPv4 / TCP with the given ports and flags.</summary>
    private static byte[] TcpFrame(int sport, int dport, byte flags)
    {
        var frame = new byte[54];
        Convert.FromHexString("112233445566aabbccddeeff0800").CopyTo(frame, 0);
        frame[14] = 0x45;
        frame[17] = 40;
        frame[22] = 64;
        frame[23] = 6;
        IPAddress.Parse("1.1.1.1").GetAddressBytes().CopyTo(frame, 26);
        IPAddress.Parse("2.2.2.2").GetAddressBytes().CopyTo(frame, 30);
        frame[34] = (byte)(sport >> 8);
        frame[35] = (byte)sport;
        frame[36] = (byte)(dport >> 8);
        frame[37] = (byte)dport;
        frame[46] = 0x50;
        frame[47] = flags;
        return frame;
    }

    /// <summary>A little-endian microsecond pcap of Ethernet frames, each record at second i.</summary>
    private static byte[] Pcap(params byte[][] frames)
    {
        var s = new MemoryStream();
        var w = new BinaryWriter(s);
        w.Write(0xA1B2C3D4u);
        w.Write((ushort)2);
        w.Write((ushort)4);
        w.Write(0);
        w.Write(0);
        w.Write(65535);
        w.Write(1);
        for (int i = 0; i < frames.Length; i++)
        {
            w.Write(1_700_000_000 + i);
            w.Write(0);
            w.Write(frames[i].Length);
            w.Write(frames[i].Length);
            w.Write(frames[i]);
        }

        return s.ToArray();
    }

    private (int Status, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        ParseResult result = CliRoot.Create().Parse(args);
        int status = result.Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (status, output.ToString(), error.ToString());
    }

    [Fact]
    public void Dissect_Pcap_PrintsOneSummaryPerPacket()
    {
        File.WriteAllBytes(_path, Pcap(TcpFrame(2000, 80, 0x02), TcpFrame(80, 2000, 0x12)));

        var (status, output, error) = Invoke("dissect", "-r", _path);

        Assert.Equal(ExitCodes.Success, status);
        Assert.Equal("", error);
        Assert.Equal(
            ["1 2023-11-14T22:13:20.000000Z 54 1.1.1.1:2000 -> 2.2.2.2:80 tcp SYN", "2 2023-11-14T22:13:21.000000Z 54 1.1.1.1:80 -> 2.2.2.2:2000 tcp SYN,ACK"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Dissect_JsonWithCount_PrintsThatManyJsonLines()
    {
        File.WriteAllBytes(_path, Pcap(TcpFrame(2000, 80, 0x02), TcpFrame(80, 2000, 0x12), TcpFrame(1, 2, 0x10)));

        var (status, output, _) = Invoke("dissect", "-r", _path, "--json", "-c", "2");

        Assert.Equal(ExitCodes.Success, status);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        Assert.Equal("1.1.1.1:2000 -> 2.2.2.2:80 tcp SYN", first.RootElement.GetProperty("summary").GetString());
        Assert.Equal(["ethernet", "ipv4", "tcp"], first.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("layer").GetString()));
    }

    [Fact]
    public void Dissect_TruncatedFile_PrintsPacketsThenErrorWithOffsetAndExits1()
    {
        byte[] file = Pcap(TcpFrame(2000, 80, 0x02), TcpFrame(80, 2000, 0x12));
        File.WriteAllBytes(_path, file[..^10]);

        var (status, output, error) = Invoke("dissect", "-r", _path);

        Assert.Equal(ExitCodes.Failed, status);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"weir: truncated record (captured length 54): {_path} at byte offset 94", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Dissect_MissingFile_Exits1WithOneLineError()
    {
        var (status, _, error) = Invoke("dissect", "-r", _path);

        Assert.Equal(ExitCodes.Failed, status);
        Assert.StartsWith("weir: cannot open capture file", error, StringComparison.Ordinal);
        Assert.EndsWith(_path + Environment.NewLine, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Dissect_NotACaptureFile_Exits1NamingTheMagic()
    {
        File.WriteAllText(_path, "this is not a capture file at all");

        var (status, _, error) = Invoke("dissect", "-r", _path);

        Assert.Equal(ExitCodes.Failed, status);
        Assert.Equal($"weir: not a pcap file (magic 0x73696874): {_path} at byte offset 0{Environment.NewLine}", error);
    }

    [Theory]
    [InlineData("dissect")]
    [InlineData("dissect", "-r", "x.pcap", "-c", "0")]
    [InlineData("dissect", "-r", "x.pcap", "--bogus")]
    public void Main_BadCommandLine_Exits2(params string[] args)
    {
        TextWriter original = Console.Error;
        Console.SetError(new StringWriter());
        try
        {
            Assert.Equal(ExitCodes.Usage, Program.Main(args));
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
