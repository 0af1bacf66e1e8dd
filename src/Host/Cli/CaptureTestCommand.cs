using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Runtime.InteropServices;
using Weir.Actors.Configuration;
using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;

namespace Weir.Host.Cli;

/// <summary>
/// <c>weir capture-test -i IFACE --duration 10s</c>: a hidden command that captures from a live interface for a
/// while, counting frames and bytes only, and prints what the capture cost (kernel drops, CPU seconds). It is the
/// measuring stick of <c>bench/peers/live-veth.sh</c> until <c>weir flows -i</c> replaces it.
/// </summary>
public static class CaptureTestCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var iface = new Option<string>("--interface", "-i") { Description = "Interface to capture on", Required = true };
        var duration = new Option<TimeSpan>("--duration", "-d")
        {
            Description = "How long to capture: 10s, 500ms, 2m (default 10s)",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(10),
            CustomParser = ParseDuration,
        };
        var source = new Option<string>("--source") { Description = "auto, afpacket or pcap", DefaultValueFactory = _ => "auto" };
        source.AcceptOnlyFromAmong("auto", "afpacket", "pcap");
        var filter = new Option<string?>("--filter", "-f") { Description = "pcap-filter(7) expression run in the kernel" };
        var snapLength = new Option<int>("--snaplen", "-s") { Description = "Bytes kept per frame", DefaultValueFactory = _ => LiveCaptureOptions.Default.SnapLength };
        var fanout = new Option<int>("--fanout") { Description = "AF_PACKET rings in one PACKET_FANOUT group, one reader thread each", DefaultValueFactory = _ => 1 };
        var blockKib = new Option<int>("--block-kib") { Description = "Ring block size in KiB", DefaultValueFactory = _ => LiveCaptureOptions.Default.BlockSize / 1024 };
        var blockCount = new Option<int>("--block-count") { Description = "Ring blocks per ring", DefaultValueFactory = _ => LiveCaptureOptions.Default.BlockCount };
        var promiscuous = new Option<bool>("--promisc") { Description = "Promiscuous mode" };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");

        var command = new Command("capture-test", "Capture from a live interface for a while and print frames, bytes, kernel drops and CPU seconds")
        {
            Hidden = true,
        };
        command.Add(iface);
        command.Add(duration);
        command.Add(source);
        command.Add(filter);
        command.Add(snapLength);
        command.Add(fanout);
        command.Add(blockKib);
        command.Add(blockCount);
        command.Add(promiscuous);
        command.Add(format);
        command.SetAction(parse =>
        {
            string name = parse.GetValue(iface)!;
            LiveCaptureOptions options;
            try
            {
                options = new LiveCaptureOptions
                {
                    Source = parse.GetValue(source) switch { "afpacket" => LiveSourceKind.AfPacket, "pcap" => LiveSourceKind.Pcap, _ => LiveSourceKind.Auto },
                    Filter = parse.GetValue(filter),
                    SnapLength = parse.GetValue(snapLength),
                    BlockSize = checked(parse.GetValue(blockKib) * 1024),
                    BlockCount = parse.GetValue(blockCount),
                    Promiscuous = parse.GetValue(promiscuous),
                    PollTimeout = TimeSpan.FromMilliseconds(100),
                };
                options.Validate();
                ArgumentOutOfRangeException.ThrowIfLessThan(parse.GetValue(fanout), 1, "--fanout");
                ArgumentOutOfRangeException.ThrowIfGreaterThan(parse.GetValue(fanout), LiveCapture.MaxFanout, "--fanout");
            }
            catch (Exception e) when (e is ArgumentException or OverflowException)
            {
                string message = e is ArgumentException { ParamName: { } param } ? e.Message.Replace($" (Parameter '{param}')", "", StringComparison.Ordinal) : e.Message;
                Console.Error.WriteLine($"weir: capture-test: {message}");
                return ExitCodes.Usage;
            }

            try
            {
                return Run(name, options, parse.GetValue(fanout), parse.GetValue(duration), parse.GetValue(format) == "json");
            }
            catch (CaptureException e)
            {
                Console.Error.WriteLine($"weir: capture-test: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    private static int Run(string name, LiveCaptureOptions options, int fanout, TimeSpan duration, bool json)
    {
        IReadOnlyList<ILiveCaptureSource> sources = fanout > 1
            ? LiveCapture.OpenFanout(name, fanout, options)
            : [LiveCapture.Open(name, options)];
        using var stop = new CancellationTokenSource();
        // SIGINT (Ctrl-C) and SIGTERM end the capture early and still print the figures; scripts stop it this way.
        Action<PosixSignalContext> onSignal = context =>
        {
            context.Cancel = true;
            stop.Cancel();
        };
        using PosixSignalRegistration onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, onSignal);
        using PosixSignalRegistration onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, onSignal);
        try
        {
            var errors = new Exception?[sources.Count];
            var threads = new Thread[sources.Count];
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < sources.Count; i++)
            {
                int index = i;
                threads[i] = new Thread(() => errors[index] = Drain(sources[index], stop.Token)) { Name = $"capture-{name}-{i}", IsBackground = true };
                threads[i].Start();
            }

            stop.CancelAfter(duration);
            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            TimeSpan elapsed = clock.Elapsed;
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            long frames = 0, bytes = 0, kernelReceived = 0, kernelDropped = 0;
            foreach (ILiveCaptureSource source in sources)
            {
                CaptureSourceStats stats = source.Stats;
                frames += stats.FramesDelivered;
                bytes += stats.BytesDelivered;
                kernelReceived += stats.KernelReceived;
                kernelDropped += stats.KernelDropped;
            }

            Print(json, name, sources[0].Kind, fanout, elapsed, frames, bytes, kernelReceived, kernelDropped, cpu);
            Exception? failure = Array.Find(errors, e => e is not null);
            if (failure is not null)
            {
                Console.Error.WriteLine($"weir: capture-test: {failure.Message}");
                return ExitCodes.Failed;
            }

            return ExitCodes.Success;
        }
        finally
        {
            foreach (ILiveCaptureSource source in sources)
            {
                source.Dispose();
            }
        }
    }

    private static Exception? Drain(ILiveCaptureSource source, CancellationToken token)
    {
        var handler = new CountingHandler();
        try
        {
            while (!token.IsCancellationRequested && source.ReadBatch(ref handler, token) >= 0)
            {
            }

            return null;
        }
        catch (CaptureException e)
        {
            return e;
        }
    }

    private static void Print(bool json, string name, LiveSourceKind kind, int rings, TimeSpan elapsed, long frames, long bytes,
        long kernelReceived, long kernelDropped, TimeSpan cpu)
    {
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        double cpuPerMillion = frames > 0 ? cpu.TotalSeconds / (frames / 1e6) : 0;
        string kindName = kind == LiveSourceKind.AfPacket ? "afpacket" : "pcap";
        if (json)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"interface\":{JsonSerializer.Serialize(name)},\"source\":\"{kindName}\",\"rings\":{rings},\"seconds\":{seconds:F3},\"frames\":{frames},\"bytes\":{bytes}," +
                $"\"kernel_received\":{kernelReceived},\"kernel_dropped\":{kernelDropped},\"user_dropped\":0,\"cpu_seconds\":{cpu.TotalSeconds:F3}," +
                $"\"frames_per_second\":{frames / seconds:F0},\"cpu_seconds_per_million_frames\":{cpuPerMillion:F3}}}"));
            return;
        }

        double dropShare = kernelReceived > 0 ? 100.0 * kernelDropped / kernelReceived : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"interface        {name} ({kindName}, {rings} ring{(rings == 1 ? "" : "s")})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duration         {seconds:F2} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frames           {frames:N0} ({frames / seconds:N0}/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bytes            {bytes:N0} ({bytes * 8 / seconds / 1e6:N1} Mbit/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kernel received  {kernelReceived:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kernel dropped   {kernelDropped:N0} ({dropShare:F2} %)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu              {cpu.TotalSeconds:F3} s ({cpuPerMillion:F3} s per million frames)"));
    }

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        // A week bounds the capture well below what CancelAfter accepts (about 24.8 days).
        if (!ConfigUnits.TryParseDuration(text, allowInfinite: false, out TimeSpan duration)
            || duration <= TimeSpan.Zero || duration > TimeSpan.FromDays(7))
        {
            result.AddError($"'{text.Trim()}' is not a duration (examples: 10s, 500ms, 2m)");
            return TimeSpan.Zero;
        }

        return duration;
    }

    /// <summary>Counts nothing per frame: the figures come from the source's own counters.</summary>
    private struct CountingHandler : IFrameHandler
    {
        private long _touched;

        public void OnFrame(in Frame frame) =>
            // Read one byte so the frame is really fetched from the ring, as a parser would.
            _touched += frame.Data.Length > 0 ? frame.Data[0] : 0;
    }
}
