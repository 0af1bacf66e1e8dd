using Weir.Actors.Configuration;
using Weir.Actors.Writeout;
using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;

namespace Weir.Actors.Tests.Writeout;

public class FlowDbSinkTests
{
    [Fact]
    public void Write_DbCompressionBrotli_StoresFewerBytesThanNone()
    {
        string root = Path.Combine(Path.GetTempPath(), "weir-sink-" + Guid.NewGuid().ToString("N"));
        try
        {
            long none = WrittenBytes(Path.Combine(root, "none"), "none");
            long brotli = WrittenBytes(Path.Combine(root, "brotli"), "brotli");
            Assert.True(brotli < none, $"brotli {brotli} bytes, none {none} bytes");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static long WrittenBytes(string path, string compression)
    {
        var settings = WeirSettings.FromConfig(ConfigLoader.Load(null, new Dictionary<string, string>
        {
            ["weir.db.path"] = path,
            ["weir.db.compression"] = compression,
        }));
        var log = new FlowLog();
        for (uint i = 0; i < 5_000; i++)
        {
            log.Add(new ParsedPacket { Source = 0x0A000000 | i, Destination = 0x0A000001, Protocol = 17, HasPorts = true, SourcePort = 40000, DestinationPort = 53 }, 1_700_000_000_000_000_000 + i, 64, PacketDirection.Unknown);
        }

        var start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        using (var sink = new FlowDbSink(settings.Db.Path, settings.Db.WriterOptions))
        {
            sink.Write(log.Rotate("eth0", start, start.AddMinutes(5)));
        }

        return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    }
}
