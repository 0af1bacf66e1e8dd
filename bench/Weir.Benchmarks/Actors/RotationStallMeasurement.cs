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
/// source of <c>flows</c> distinct UDP flows; before each rotation it waits until the log holds all flows, then
/// rotates the whole actor tree (RotateNow). The source timestamps each batch and every 16th frame, so it sees
/// two figures: the longest gap between two batches (the rotation is handled in such a gap, on the capture
/// thread) and the longest time without progress at all (gaps, and pauses inside a batch such as a garbage
/// collection or a table growing). At the end every delivered frame must be in the written blocks.
/// Run: <c>dotnet run -c Release --project bench/Weir.Benchmarks -- actors-stall [flows] [rotations] [sustained] [db]</c>
/// (<c>sustained</c>: GC latency mode SustainedLowLatency; <c>db</c>: write the blocks to a real flow database in a
/// temporary directory, not fsynced, instead of reading them as the database writer does; <c>nice=N</c>: run the
/// capture thread at nice N instead of <c>weir.capture.thread-nice</c>'s default; <c>pin</c>: the capture thread on the
/// last core and the process's other threads on the rest, an experiment). For each long stall it reports the
/// capture thread's context switches and page faults since the batch boundary before it, and for each window the
/// capture thread's run-queue wait and the machine's steal time, which tell a stall Weir causes from the thread
/// waiting for a core (in the guest: switches and run-queue wait; in the hypervisor: neither, only steal).
/// </summary>
public static class RotationStallMeasurement
{
    /// <summary>Runs the measurement and prints the figures.</summary>
    public static void Run(string[] args)
    {
        int flows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int rotations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        bool useDb = args.Skip(2).Contains("db");
        if (args.Skip(2).Contains("sustained"))
        {
            // To measure what the latency mode would change for `weir run`.
            System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;
        }

        var overrides = new Dictionary<string, string>
        {
            ["weir.capture.interfaces"] = "[]",
            ["weir.capture.discover"] = "off",
        };
        if (args.Skip(2).FirstOrDefault(a => a.StartsWith("nice=", StringComparison.Ordinal)) is { } nice)
        {
            // To compare with the capture thread at another nice value than weir.capture.thread-nice's default.
            overrides["weir.capture.thread-nice"] = nice["nice=".Length..];
        }

        var settings = WeirSettings.FromConfig(ConfigLoader.Load(null, overrides));
        var system = ActorSystem.Create("bench");
        var source = new GapSource(flows);
        string? dbPath = useDb ? Directory.CreateTempSubdirectory("weir-stall-").FullName : null;
        var sink = new CountingSink(dbPath);
        var refs = WeirActors.Start(system, settings, _ => source, new WeirActorsOptions { SinkFactory = () => sink, AddShutdownTasks = false, ScheduleRotation = false });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"capture thread nice {settings.Capture.ThreadNice}; GC: server {System.Runtime.GCSettings.IsServerGC}, latency mode {System.Runtime.GCSettings.LatencyMode}, concurrent {AppContext.GetData("System.GC.Concurrent") ?? "default"}; sink: {(useDb ? "flow database " + dbPath : "reads every flow as the database writer does")}"));
        var timeout = TimeSpan.FromSeconds(60);
        refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("bench0")]), timeout).GetAwaiter().GetResult();

        var counters = WaitFor(refs, flows);
        if (args.Skip(2).Contains("pin") && Environment.ProcessorCount > 1)
        {
            // The capture thread on the last core, every other thread of the process on the others: what a core
            // of its own would change (threads made later inherit their creator's mask, so they stay off it too).
            int last = Environment.ProcessorCount - 1;
            foreach (string task in Directory.GetDirectories("/proc/self/task"))
            {
                int tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                ulong mask = tid == source.Tid ? 1UL << last : ((1UL << last) - 1);
                _ = SetAffinity(tid, sizeof(ulong), ref mask);
            }

            Console.WriteLine($"capture thread {source.Tid} pinned to CPU {last}, the other threads to CPUs 0-{last - 1}");
        }

        // The first interval grew its tables to a million flows a moment ago; the capture actor then has two spare
        // sets of that size made on the thread pool (about 0.5 s each on a busy 2-core machine; two, so that one is
        // still ready while writeout holds the block just rotated). A real interval lasts longer than that after
        // its last growth; a rotation that comes sooner starts the next interval with a smaller set, which then
        // grows on the capture thread, or takes the set in the middle of being made, whose allocation may then
        // set off a collection in the rotation's window.
        Thread.Sleep(2000);
        var stalls = new List<double>();
        var progress = new List<double>();
        var onCpu = new List<double>();
        var baselineOnCpu = new List<double>();
        var baseline = new List<double>();
        var baselineProgress = new List<double>();
        var run = RuntimeCounters.Now();
        for (int i = 0; i < rotations; i++)
        {
            WaitForFlows(counters, flows);
            source.ResetMaxGap();
            var quiet = RuntimeCounters.Now();
            Thread.Sleep(200);
            baseline.Add(source.MaxGapMicros);
            baselineProgress.Add(source.MaxStallMicros);
            baselineOnCpu.Add(source.MaxOnCpuMicros);
            string quietDelta = RuntimeCounters.Now().Since(quiet);
            source.ResetMaxGap();
            var sched0 = source.Sched();
            var before = RuntimeCounters.Now();
            var watch = Stopwatch.StartNew();
            var result = refs.Capture.Ask<RotateResult>(RotateNow.Instance, timeout).GetAwaiter().GetResult();
            watch.Stop();

            // The window covers the hand-over and the write of the block (the sink runs meanwhile on the writeout thread).
            sink.WaitForBlocks(i + 1);
            Thread.Sleep(50);
            stalls.Add(source.MaxGapMicros);
            progress.Add(source.MaxStallMicros);
            onCpu.Add(source.MaxOnCpuMicros);
            var sched1 = source.Sched();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  window {i + 1}: capture thread ran {(sched1.Run - sched0.Run) / 1e6:F1} ms, waited on the run queue {(sched1.Wait - sched0.Wait) / 1e3:F0} us; machine steal {sched1.Steal - sched0.Steal} ticks"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rotation {i + 1}: {result.Blocks.Single().Flows} flows handed over, ask {watch.Elapsed.TotalMilliseconds:F2} ms, longest gap between batches {stalls[^1]:F0} us, longest time without progress {progress[^1]:F0} us (capture thread on CPU {source.MaxStallCpuMicros:F0} us of it; {source.MaxStallSwitches}), longest on-CPU time without progress {onCpu[^1]:F0} us ({RuntimeCounters.Now().Since(before)}); quiet window before it {baseline[^1]:F0} / {baselineProgress[^1]:F0} / {baselineOnCpu[^1]:F0} us ({quietDelta})"));
        }

        string runDelta = RuntimeCounters.Now().Since(run);

        refs.Capture.Ask<CaptureStopped>(StopCapture.Instance, timeout).GetAwaiter().GetResult();
        refs.Capture.Ask<RotateResult>(RotateNow.Instance, timeout).GetAwaiter().GetResult();
        refs.Writeout.Ask<Flushed>(Flush.Instance, timeout).GetAwaiter().GetResult();
        long delivered = source.Stats.FramesDelivered;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flows per interval: {flows}, rotations: {rotations}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"longest gap between batches, quiet 200 ms window: median {Median(baseline):F0} us, max {baseline.Max():F0} us; without progress: median {Median(baselineProgress):F0} us, max {baselineProgress.Max():F0} us; on-CPU without progress: median {Median(baselineOnCpu):F0} us, max {baselineOnCpu.Max():F0} us"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"longest gap between batches, window with a rotation: median {Median(stalls):F0} us, max {stalls.Max():F0} us (rotation {stalls.IndexOf(stalls.Max()) + 1}), first rotation {stalls[0]:F0} us"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"longest time without progress, window with a rotation: median {Median(progress):F0} us, max {progress.Max():F0} us (rotation {progress.IndexOf(progress.Max()) + 1}), first rotation {progress[0]:F0} us"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"longest on-CPU time without progress, window with a rotation: median {Median(onCpu):F0} us, max {onCpu.Max():F0} us (rotation {onCpu.IndexOf(onCpu.Max()) + 1}), first rotation {onCpu[0]:F0} us"));
        Console.WriteLine($"runtime during the rotations (from the first quiet window to the last rotation window): {runDelta}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frames delivered {delivered}, frames in written blocks {sink.Packets}, lost {delivered - sink.Packets}, local-buffer-full {counters.Issue(Engine.Packets.ParseIssue.LocalBufferFull)}"));
        system.Terminate().GetAwaiter().GetResult();
        sink.Dispose();
        if (dbPath is not null)
        {
            Directory.Delete(dbPath, recursive: true);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "sched_setaffinity")]
    private static extern int SetAffinity(int pid, nint size, ref ulong mask);

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

    /// <summary>Writes to a flow database, or reads every flow's counters as its writer does (without copying records).</summary>
    private sealed class CountingSink(string? dbPath) : IFlowBlockSink
    {
        private readonly FlowDbSink? _db = dbPath is null ? null : new FlowDbSink(dbPath, new Engine.Storage.FlowDbWriterOptions { Durable = false });
        private long _packets;
        private int _blocks;

        public long Packets => Interlocked.Read(ref _packets);

        public void Write(FlowBlock block)
        {
            if (_db is not null)
            {
                _db.Write(block);
            }
            else
            {
                var sum = new PacketSum();
                block.ForEach(ref sum);
                if (sum.Packets != block.Totals.Packets)
                {
                    throw new InvalidOperationException("the flows do not add up to the block's totals");
                }
            }

            Interlocked.Add(ref _packets, (long)block.Totals.Packets);
            Interlocked.Increment(ref _blocks);
        }

        public void WaitForBlocks(int count)
        {
            while (Volatile.Read(ref _blocks) < count)
            {
                Thread.Sleep(5);
            }
        }

        public void Dispose() => _db?.Dispose();

        private struct PacketSum : IFlowRecordVisitor
        {
            public ulong Packets;

            public void Visit(in FlowRecord record) => Packets += record.Counters.Packets;
        }
    }

    /// <summary>Endless frames over <c>flows</c> source addresses; records the longest gap between two batches.</summary>
    private sealed class GapSource(int flows) : ICaptureSource
    {
        private const int Batch = 256;
        private readonly byte[] _frame = MakeFrame();
        private long _delivered;
        private const int Checkpoint = 16;
        private long _lastExit;
        private long _lastProgress;
        private long _maxGapTicks;
        private long _maxStallTicks;
        private long _maxStallCpuNs;
        private string _maxStallSwitches = "";
        private Usage _lastUsage;
        private long _maxOnCpuNs;
        private long _lastCpuNs;
        private int _next;

        public string Name => "bench0";

        public int Tid { get; private set; }

        /// <summary>The capture thread's run time and run-queue wait so far (ns, <c>/proc/self/task/tid/schedstat</c>), and the machine's steal time (ticks).</summary>
        public (long Run, long Wait, long Steal) Sched()
        {
            try
            {
                string[] f = File.ReadAllText($"/proc/self/task/{Tid}/schedstat").Split(' ');
                string[] cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return (long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(cpu[8], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                return default;
            }
        }

        public CaptureSourceStats Stats
        {
            get
            {
                long n = Interlocked.Read(ref _delivered);
                return new CaptureSourceStats(n, n * _frame.Length, n, 0);
            }
        }

        public double MaxGapMicros => Interlocked.Read(ref _maxGapTicks) * 1e6 / Stopwatch.Frequency;

        public double MaxStallMicros => Interlocked.Read(ref _maxStallTicks) * 1e6 / Stopwatch.Frequency;

        /// <summary>CPU time the capture thread ran during the longest time without progress (less than that time: it was not scheduled).</summary>
        public double MaxStallCpuMicros => Interlocked.Read(ref _maxStallCpuNs) / 1e3;

        /// <summary>For the longest time without progress (when over 200 us): the capture thread's context switches and page faults from the batch boundary before it.</summary>
        public string MaxStallSwitches => Volatile.Read(ref _maxStallSwitches);

        /// <summary>The longest CPU time the capture thread ran between two moments of progress (work that is not counting frames).</summary>
        public double MaxOnCpuMicros => Interlocked.Read(ref _maxOnCpuNs) / 1e3;

        public void ResetMaxGap()
        {
            Interlocked.Exchange(ref _maxGapTicks, 0);
            Interlocked.Exchange(ref _maxStallTicks, 0);
            Interlocked.Exchange(ref _maxStallCpuNs, 0);
            Volatile.Write(ref _maxStallSwitches, "");
            Interlocked.Exchange(ref _maxOnCpuNs, 0);
        }

        public int ReadBatch<THandler>(ref THandler handler, CancellationToken cancellationToken)
            where THandler : struct, IFrameHandler
        {
            if (Tid == 0)
            {
                Tid = GetTid();
                Console.WriteLine($"capture thread {Tid} runs at nice {Engine.Capture.Live.CaptureThreadPriority.Current()}");
            }

            long entry = Stopwatch.GetTimestamp();
            if (_lastExit != 0 && entry - _lastExit > Interlocked.Read(ref _maxGapTicks))
            {
                Interlocked.Exchange(ref _maxGapTicks, entry - _lastExit);
            }

            Progress(entry);
            _lastUsage = Usage.Now();
            for (int i = 0; i < Batch; i++)
            {
                if (i % Checkpoint == Checkpoint - 1)
                {
                    Progress(Stopwatch.GetTimestamp());
                }

                int client = _next;
                _next = _next + 1 == flows ? 0 : _next + 1;
                BinaryPrimitives.WriteInt32BigEndian(_frame.AsSpan(26), 0x0A000000 | client);
                var frame = new Frame(_frame, entry, _frame.Length, LinkType.Ethernet, PacketDirection.Unknown);
                handler.OnFrame(in frame);
            }

            Interlocked.Add(ref _delivered, Batch);
            _lastExit = Stopwatch.GetTimestamp();
            Progress(_lastExit);
            _lastUsage = Usage.Now();
            return Batch;
        }

        /// <summary>Frames are being counted at <paramref name="now"/>: the time since the last such moment is a stall if long.</summary>
        private void Progress(long now)
        {
            long cpu = ThreadCpuNs();
            if (_lastProgress != 0)
            {
                if (now - _lastProgress > Interlocked.Read(ref _maxStallTicks))
                {
                    Interlocked.Exchange(ref _maxStallTicks, now - _lastProgress);
                    Interlocked.Exchange(ref _maxStallCpuNs, cpu - _lastCpuNs);
                    if ((now - _lastProgress) * 1e6 / Stopwatch.Frequency > 200)
                    {
                        Usage u = Usage.Now();
                        Volatile.Write(ref _maxStallSwitches, string.Create(CultureInfo.InvariantCulture,
                            $"since the batch boundary before it: {u.Voluntary - _lastUsage.Voluntary} voluntary / {u.Involuntary - _lastUsage.Involuntary} involuntary switches, {u.MinorFaults - _lastUsage.MinorFaults} minor / {u.MajorFaults - _lastUsage.MajorFaults} major faults"));
                    }
                }

                if (cpu - _lastCpuNs > Interlocked.Read(ref _maxOnCpuNs))
                {
                    Interlocked.Exchange(ref _maxOnCpuNs, cpu - _lastCpuNs);
                }
            }

            _lastProgress = now;
            _lastCpuNs = cpu;
        }

        private static long ThreadCpuNs() => ClockGetTime(3, out Timespec t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : 0;

        /// <summary>The capture thread's <c>getrusage(RUSAGE_THREAD)</c> counters.</summary>
        private readonly record struct Usage(long MinorFaults, long MajorFaults, long Voluntary, long Involuntary)
        {
            public static unsafe Usage Now()
            {
                long* r = stackalloc long[18];
                return GetRusage(1, r) == 0 ? new Usage(r[4 + 4], r[4 + 5], r[4 + 12], r[4 + 13]) : default;
            }
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
        private static extern unsafe int GetRusage(int who, long* usage);

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
        private static extern int GetTid();

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out Timespec time);

        private struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
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
