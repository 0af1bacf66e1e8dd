using System.Net;
using System.Net.Sockets;
using Weir.Actors.Capture;
using Weir.Actors.Kernel;
using Weir.Actors.Writeout;
using Weir.Actors.Tests.Support;
using Weir.Engine.Capture.Live;
using Weir.Engine.Storage;
using Weir.Tests.Shared;

namespace Weir.Actors.Tests.Capture.Live;

public class VethFanoutTests : TestKit.TestKit
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [SkippableFact]
    public async Task Fanout2_AfPacket_ExactPerFlowTotalsWrittenAcrossRotations()
    {
        Requires.Root();
        Requires.Executable("ip");
        string dir = Path.Combine(Path.GetTempPath(), "weir-actors-fanout-" + Guid.NewGuid().ToString("N"));
        using var veth = new VethNamespace();
        try
        {
            var settings = TestSettings.Load(("weir.capture.source", "afpacket"), ("weir.capture.fanout", "2"));
            var refs = WeirActors.Start(Sys, settings, null, new WeirActorsOptions { SinkFactory = () => new FlowDbSink(dir), ScheduleRotation = false });
            await refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named(veth.HostInterface)]), s_timeout);
            var counters = refs.Registry.Find(veth.HostInterface)!;
            await AwaitConditionAsync(() => counters.State == CaptureState.Capturing, s_timeout);
            await Task.Delay(200);

            // Eight flows (server ports base, base+2, …), each from its own client port, so that the fanout hash
            // spreads them over both sockets; flow f gets 20 + f packets in each of two intervals.
            // Server ports below the ephemeral range, client ports in it: the client is then known from the ports.
            int port = 20000 + (Random.Shared.Next(0, 2000) * 2);
            const int flows = 8;
            var receivers = new List<Socket>();
            var senders = new List<Socket>();
            try
            {
                for (int f = 0; f < flows; f++)
                {
                    receivers.Add(VethNamespace.HostSocket(veth.HostV4, port + (2 * f)));
                    senders.Add(veth.PeerSocket(veth.PeerV4, port + 30000 + f));
                }

                long sent = 0;
                for (int interval = 0; interval < 2; interval++)
                {
                    for (int f = 0; f < flows; f++)
                    {
                        Send(senders[f], new IPEndPoint(veth.HostV4, port + (2 * f)), 20 + f);
                        sent += 20 + f;
                    }

                    long target = sent;
                    await AwaitConditionAsync(() => counters.PacketsProcessed >= target, s_timeout);
                    await Task.Delay(200);
                    if (interval == 0)
                    {
                        var rotated = await refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);
                        Assert.Single(rotated.Blocks);
                    }
                }
            }
            finally
            {
                receivers.ForEach(s => s.Dispose());
                senders.ForEach(s => s.Dispose());
            }

            await refs.Capture.Ask<CaptureStopped>(StopCapture.Instance, s_timeout);
            await refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);
            await refs.Writeout.Ask<Flushed>(Flush.Instance, s_timeout);

            using var reader = FlowDb.Open(dir);
            var stored = reader.ListDayDates(veth.HostInterface).SelectMany(d => reader.ListBlocks(veth.HostInterface, d)).ToList();
            Assert.Equal(2, stored.Count);
            var packetsByPort = new Dictionary<int, ulong>();
            foreach (var block in stored)
            {
                using var cols = reader.ReadBlock(block, FlowColumns.All)!;
                for (int row = 0; row < cols.Count; row++)
                {
                    var key = cols.KeyAt(row);
                    if (key.Protocol == 17 && key.DestinationPort >= port && key.DestinationPort < port + (2 * flows))
                    {
                        packetsByPort[key.DestinationPort] = packetsByPort.GetValueOrDefault(key.DestinationPort) + cols.CountersAt(row).Packets;
                    }
                }
            }

            for (int f = 0; f < flows; f++)
            {
                Assert.Equal((ulong)(2 * (20 + f)), packetsByPort.GetValueOrDefault(port + (2 * f)));
            }

            var status = Assert.Single((await refs.Capture.Ask<CaptureStatus>(GetStatus.Instance, s_timeout)).Interfaces);
            Assert.True(status.PacketsReceived >= 2 * ((20 * flows) + 28));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [SkippableFact]
    public async Task Fanout2_Libpcap_WarnsAndCapturesWithOneSocket()
    {
        Requires.Root();
        Requires.Executable("ip");
        Requires.That(BpfCompiler.IsAvailable, "needs libpcap (Debian package libpcap0.8)");
        using var veth = new VethNamespace();
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        var sink = new MemorySink();
        var settings = TestSettings.Load(("weir.capture.source", "pcap"), ("weir.capture.fanout", "2"));
        var refs = WeirActors.Start(Sys, settings, null, new WeirActorsOptions { SinkFactory = () => sink, ScheduleRotation = false });
        await refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named(veth.HostInterface)]), s_timeout);
        var counters = refs.Registry.Find(veth.HostInterface)!;
        await AwaitConditionAsync(() => counters.State == CaptureState.Capturing, s_timeout);

        var warning = warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains("has no fanout", StringComparison.Ordinal), s_timeout);
        Assert.Contains(veth.HostInterface, warning.Message.ToString(), StringComparison.Ordinal);
        Assert.Contains("Pcap", warning.Message.ToString(), StringComparison.Ordinal);

        await Task.Delay(300);
        int port = 20000 + Random.Shared.Next(0, 4000);
        using (var receiver = VethNamespace.HostSocket(veth.HostV4, port))
        using (var sender = veth.PeerSocket(veth.PeerV4, port + 30000))
        {
            Send(sender, new IPEndPoint(veth.HostV4, port), 50);
            await AwaitConditionAsync(() => counters.PacketsProcessed >= 50, s_timeout);
        }

        await Task.Delay(200);
        await refs.Capture.Ask<CaptureStopped>(StopCapture.Instance, s_timeout);
        await refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);
        await refs.Writeout.Ask<Flushed>(Flush.Instance, s_timeout);
        Assert.Equal(50L, sink.Blocks.SelectMany(b => b.Records.ToArray()).Where(r => r.Key.DestinationPort == port && r.Key.Protocol == 17).Sum(r => (long)r.Counters.Packets));
    }

    [SkippableFact]
    public void OpenFanout_TwoSockets_HashSpreadsFlowsOverBoth()
    {
        Requires.Root();
        Requires.Executable("ip");
        using var veth = new VethNamespace();
        var sources = LiveCapture.OpenFanout(veth.HostInterface, 2, new LiveCaptureOptions { Source = LiveSourceKind.AfPacket, PollTimeout = TimeSpan.FromMilliseconds(50) });
        try
        {
            int port = 40000 + Random.Shared.Next(0, 1000);
            using var receiver = VethNamespace.HostSocket(veth.HostV4, port);
            for (int f = 0; f < 32; f++)
            {
                using var sender = veth.PeerSocket(veth.PeerV4, port + 2000 + f);
                Send(sender, new IPEndPoint(veth.HostV4, port), 3);
            }

            long[] frames = new long[2];
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (frames.Sum() < 96 && DateTime.UtcNow < deadline)
            {
                for (int k = 0; k < 2; k++)
                {
                    var counter = new CountFrames();
                    sources[k].ReadBatch(ref counter, CancellationToken.None);
                    frames[k] += counter.Count;
                }
            }

            // 32 connections hashed over two sockets: both get some (all on one has probability 2^-31).
            Assert.All(frames, n => Assert.True(n > 0));
            Assert.True(frames.Sum() >= 96);
        }
        finally
        {
            foreach (var s in sources)
            {
                s.Dispose();
            }
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

    private struct CountFrames : Weir.Engine.Capture.IFrameHandler
    {
        public long Count;

        public void OnFrame(in Weir.Engine.Capture.Frame frame) => Count++;
    }
}
