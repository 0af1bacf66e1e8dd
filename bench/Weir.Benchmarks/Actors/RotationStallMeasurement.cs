using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Weir.Actors;
using Weir.Actors.Capture;
using Weir.Actors.Configuration;
using Weir.Actors.Kernel;
using Weir.Actors.Writeout;
using Weir.Engine.Capture;
using Weir.Engine.Flows;

namespace Weir.Benchmarks.Actors;

/// <summary>
/// Capture stall during rotation with a million active flows: a capture actor reads an endless in-memory
/// source of <c>flows</c> distinct UDP flows; every second the whole actor tree is rotated (RotateNow). The
/// source timestamps each batch, so the stall is the longest gap between two batches (the rotation is handled
/// in such a gap, on the capture thread). At the end every delivered frame must be in the written blocks.
/// Run: <c>dotnet run -c Release --project bench/Weir.Benchmarks -- actors-stall [flows] [rotations] [sustained]</c> (<c>sustained</c>: GC latency mode SustainedLowLatency).
/// </summary>
public static class RotationStallMeasurement
{
    /// <summary>Runs the measurement and prints the figures.</summary>
    public static void Run(string[] args)
    {
        int flows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int rotations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        if (args.Length > 2 && args[2] == "sustained")
        {
            // To measure what the latency mode would change for `weir run`.
            System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;
        }

        var settings = WeirSettings.FromConfig(ConfigLoader.Load(null, new Dictionary<string, string>
        {
            ["weir.capture.interfaces"] = "[]",
            ["weir.capture.discover"] = "off",
        }));
        var system = ActorSystem.Create("bench");
        var source = new GapSource(flows);
        var sink = new CountingSink();
        var refs = WeirActors.Start(system, settings, _ => source, new WeirActorsOptions { SinkFactory = () => sink, AddShutdownTasks = false, ScheduleRotation = false });
        var timeout = TimeSpan.FromSeconds(60);
        refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("bench0")]), timeout).GetAwaiter().GetResult();

        var counters = WaitFor(refs, flows);
        var stalls = new List<double>();
        var baseline = new List<double>();
        for (int i = 0; i < rotations; i++)
        {
            WaitForFlows(counters, flows);
            source.ResetMaxGap();
            var quiet = RuntimeCounters.Now();
            Thread.Sleep(200);
            baseline.Add(source.MaxGapMicros);
            string quietDelta = RuntimeCounters.Now().Since(quiet);
            source.ResetMaxGap();
            var before = RuntimeCounters.Now();
            var watch = Stopwatch.StartNew();
            var result = refs.Capture.Ask<RotateResult>(RotateNow.Instance, timeout).GetAwaiter().GetResult();
            watch.Stop();
            Thread.Sleep(50);
            stalls.Add(source.MaxGapMicros);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rotation {i + 1}: {result.Blocks.Single().Flows} flows handed over, ask {watch.Elapsed.TotalMilliseconds:F2} ms, longest gap between batches {source.MaxGapMicros:F0} us ({RuntimeCounters.Now().Since(before)}); quiet window before it {baseline[^1]:F0} us ({quietDelta})"));
        }

        refs.Capture.Ask<CaptureStopped>(StopCapture.Instance, timeout).GetAwaiter().GetResult();
        refs.Capture.Ask<RotateResult>(RotateNow.Instance, timeout).GetAwaiter().GetResult();
        refs.Writeout.Ask<Flushed>(Flush.Instance, timeout).GetAwaiter().GetResult();
        long delivered = source.Stats.FramesDelivered;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flows per interval: {flows}, rotations: {rotations}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"longest gap between batches, quiet 200 ms window: median {Median(baseline):F0} us, max {baseline.Max():F0} us"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"longest gap between batches, window with a rotation: median {Median(stalls):F0} us, max {stalls.Max():F0} us"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frames delivered {delivered}, frames in written blocks {sink.Packets}, lost {delivered - sink.Packets}, local-buffer-full {counters.Issue(Engine.Packets.ParseIssue.LocalBufferFull)}"));
        system.Terminate().GetAwaiter().GetResult();
    }

    /// <summary>Collections, total GC pause and JIT work so far, to tell which of them a gap coincides with.</summary>
    private readonly record struct RuntimeCounters(int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Jitted, TimeSpan JitTime)
    {
        public static RuntimeCounters Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());

        public string Since(RuntimeCounters start) => string.Create(CultureInfo.InvariantCulture,
            $"gc {Gen0 - start.Gen0}/{Gen1 - start.Gen1}/{Gen2 - start.Gen2}, pause {(Pause - start.Pause).TotalMilliseconds:F2} ms, jit {Jitted - start.Jitted} methods {(JitTime - start.JitTime).TotalMilliseconds:F1} ms");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static InterfaceCounters WaitFor(WeirActorRefs refs, int flows)
    {
        InterfaceCounters? counters;
        while ((counters = refs.Registry.Find("bench0")) is null)
        {
            Thread.Sleep(10);
        }

        WaitForFlows(counters, flows);
        return counters;
    }

    private static void WaitForFlows(InterfaceCounters counters, int flows)
    {
        while (counters.ActiveFlows < flows)
        {
            Thread.Sleep(10);
        }
    }

    private sealed class CountingSink : IFlowBlockSink
    {
        private long _packets;

        public long Packets => Interlocked.Read(ref _packets);

        public void Write(FlowBlock block)
        {
            // Read the records as the database writer would, so that the tables come back to the log for reuse.
            _ = block.Records.Length;
            Interlocked.Add(ref _packets, (long)block.Totals.Packets);
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Endless frames over <c>flows</c> source addresses; records the longest gap between two batches.</summary>
    private sealed class GapSource(int flows) : ICaptureSource
    {
        private const int Batch = 256;
        private readonly byte[] _frame = MakeFrame();
        private long _delivered;
        private long _lastExit;
        private long _maxGapTicks;
        private int _next;

        public string Name => "bench0";

        public CaptureSourceStats Stats
        {
            get
            {
                long n = Interlocked.Read(ref _delivered);
                return new CaptureSourceStats(n, n * _frame.Length, n, 0);
            }
        }

        public double MaxGapMicros => Interlocked.Read(ref _maxGapTicks) * 1e6 / Stopwatch.Frequency;

        public void ResetMaxGap() => Interlocked.Exchange(ref _maxGapTicks, 0);

        public int ReadBatch<THandler>(ref THandler handler, CancellationToken cancellationToken)
            where THandler : struct, IFrameHandler
        {
            long entry = Stopwatch.GetTimestamp();
            if (_lastExit != 0 && entry - _lastExit > Interlocked.Read(ref _maxGapTicks))
            {
                Interlocked.Exchange(ref _maxGapTicks, entry - _lastExit);
            }

            for (int i = 0; i < Batch; i++)
            {
                int client = _next;
                _next = _next + 1 == flows ? 0 : _next + 1;
                BinaryPrimitives.WriteInt32BigEndian(_frame.AsSpan(26), 0x0A000000 | client);
                var frame = new Frame(_frame, entry, _frame.Length, LinkType.Ethernet, PacketDirection.Unknown);
                handler.OnFrame(in frame);
            }

            Interlocked.Add(ref _delivered, Batch);
            _lastExit = Stopwatch.GetTimestamp();
            return Batch;
        }

        public void Dispose()
        {
        }

        private static byte[] MakeFrame()
        {
            var f = new byte[60];
            f.AsSpan(0, 12).Fill(0x02);
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), 0x0800);
            f[14] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(16), 46);
            f[22] = 64;
            f[23] = 17;
            f[30] = 10;
            f[31] = 1;
            f[33] = 1;
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(34), 40000);
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(36), 53);
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(38), 26);
            return f;
        }
    }
}
