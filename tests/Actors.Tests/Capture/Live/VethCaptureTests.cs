using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Weir.Actors.Capture;
using Weir.Actors.Kernel;
using Weir.Actors.Tests.Support;
using Weir.Actors.Writeout;
using Weir.Engine.Flows;
using Weir.Engine.Storage;
using Weir.Tests.Shared;

namespace Weir.Actors.Tests.Capture.Live;

public class VethCaptureTests : TestKit.TestKit
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [SkippableFact]
    public async Task TwoInterfaces_OneDeletedMidRun_OtherExactAndDeletedFlowsWritten()
    {
        Requires.Root();
        Requires.Executable("ip");
        string dir = Path.Combine(Path.GetTempPath(), "weir-actors-veth-" + Guid.NewGuid().ToString("N"));
        using var a = new VethNamespace();
        using var b = new VethNamespace();
        var sink = new RecordingDbSink(dir);
        try
        {
            var settings = TestSettings.Load(("weir.capture.source", "afpacket"), ("weir.capture.backoff.min", "200ms"), ("weir.capture.backoff.max", "1s"));
            var refs = WeirActors.Start(Sys, settings, null, new WeirActorsOptions { SinkFactory = () => sink, ScheduleRotation = false });
            await refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named(a.HostInterface), InterfaceConfig.Named(b.HostInterface)]), s_timeout);
            await AwaitConditionAsync(() => refs.Registry.Interfaces.All(c => c.State == CaptureState.Capturing), s_timeout);
            await Task.Delay(200);

            int port = 30000 + Random.Shared.Next(0, 20000);
            using var recvA = VethNamespace.HostSocket(a.HostV4, port);
            using var recvB = VethNamespace.HostSocket(b.HostV4, port);
            using var sendA = a.PeerSocket(a.PeerV4, port + 1);
            using var sendB = b.PeerSocket(b.PeerV4, port + 1);
            Send(sendA, new IPEndPoint(a.HostV4, port), 150);
            Send(sendB, new IPEndPoint(b.HostV4, port), 100);
            await AwaitConditionAsync(() => refs.Registry.Find(a.HostInterface)!.PacketsProcessed >= 150 && refs.Registry.Find(b.HostInterface)!.PacketsProcessed >= 100, s_timeout);

            VethNamespace.Ip($"link del {a.HostInterface}");
            await AwaitConditionAsync(() => refs.Registry.Find(a.HostInterface)!.State != CaptureState.Capturing, s_timeout);
            Send(sendB, new IPEndPoint(b.HostV4, port), 250);
            await AwaitConditionAsync(() => refs.Registry.Find(b.HostInterface)!.PacketsProcessed >= 350, s_timeout);
            await Task.Delay(300);

            await refs.Capture.Ask<CaptureStopped>(StopCapture.Instance, s_timeout);
            await refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);
            await refs.Writeout.Ask<Flushed>(Flush.Instance, s_timeout);

            Assert.Equal(150UL, sink.PacketsTo(a.HostInterface, port));
            Assert.Equal(350UL, sink.PacketsTo(b.HostInterface, port));
            Assert.Matches("Interface(Gone|NotFound)Exception", refs.Registry.Find(a.HostInterface)!.LastError ?? string.Empty);
            using var reader = FlowDb.Open(dir);
            foreach (var iface in new[] { a.HostInterface, b.HostInterface })
            {
                var stored = reader.ListDayDates(iface).SelectMany(d => reader.ListBlocks(iface, d)).ToList();
                Assert.NotEmpty(stored);
                Assert.Equal(sink.TotalPackets(iface), stored.Sum(s => (long)s.Totals.Packets));
            }
        }
        finally
        {
            sink.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Send(Socket socket, IPEndPoint target, int count)
    {
        byte[] payload = new byte[64];
        for (int i = 0; i < count; i++)
        {
            payload[0] = (byte)i;
            socket.SendTo(payload, target);
        }
    }

    /// <summary>Writes to a real flow database and keeps the flows of each block for exact checks.</summary>
    private sealed class RecordingDbSink(string root) : IFlowBlockSink
    {
        private readonly FlowDbSink _db = new(root);
        private readonly ConcurrentQueue<(string Iface, FlowRecord[] Records, long Packets)> _blocks = new();

        public void Write(FlowBlock block)
        {
            _db.Write(block);
            _blocks.Enqueue((block.InterfaceName, block.Records.ToArray(), (long)block.Totals.Packets));
        }

        public ulong PacketsTo(string iface, int port) =>
            (ulong)_blocks.Where(b => b.Iface == iface).SelectMany(b => b.Records)
                .Where(r => (r.Key.DestinationPort == port || r.Key.DestinationPort == port + 1) && r.Key.Protocol == 17)
                .Sum(r => (long)r.Counters.Packets);

        public long TotalPackets(string iface) => _blocks.Where(b => b.Iface == iface).Sum(b => b.Packets);

        public void Dispose() => _db.Dispose();
    }
}
