using System.CommandLine;
using System.Diagnostics;
using Weir.Actors.Configuration;
using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;
using Weir.Engine.Flows;
using Weir.Engine.Query;

namespace Weir.Host.Cli;

/// <summary>
/// <c>weir flows -r FILE | -i IFACE</c>: aggregates a capture file, or a live interface for a while, into flows with
/// the engine directly (no host) and prints them with totals and per-reason issue counts. A file that breaks off
/// part-way still prints what was read, with an <c>error</c>, and exits with status 1.
/// </summary>
internal static class FlowsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var read = new Option<string?>("--read", "-r") { Description = "Capture file to aggregate (pcap or pcapng; the format is detected).", HelpName = "FILE" };
        var iface = new Option<string?>("--interface", "-i") { Description = "Live interface to aggregate (needs CAP_NET_RAW or root).", HelpName = "IFACE" };
        var duration = new Option<string?>("--duration") { Description = "With -i: how long to capture (10s, 2m; default until Ctrl-C).", HelpName = "DURATION" };
        var filter = new Option<string?>("--filter") { Description = "With -i: a pcap-filter(7) expression run in the kernel.", HelpName = "EXPR" };
        var format = new Option<string>("--format") { Description = "table, json or csv.", DefaultValueFactory = _ => "table" };
        var top = new Option<int>("--top", "-n") { Description = "Print only the top N flows (0 = all).", DefaultValueFactory = _ => 0 };
        var sort = new Option<string>("--sort", "-s") { Description = "Order flows by bytes or packets.", DefaultValueFactory = _ => "bytes" };
        sort.AcceptOnlyFromAmong("bytes", "packets");
        var threads = new Option<int>("--threads") { Description = "With -r: threads counting a pcap file (default: one per core; 1 reads it in one piece).", DefaultValueFactory = _ => DefaultThreads };

        var command = new Command("flows",
            "Aggregate a capture file or a live interface into flows (sip, dip, dport, proto; bytes and packets each way).\n" +
            "Examples:\n" +
            "  weir flows -r trace.pcap -n 10\n" +
            "  weir flows -r trace.pcapng --format json | jq .totals\n" +
            "  weir flows -i eth0 --duration 10s --filter 'tcp port 443'")
        {
            read, iface, duration, filter, format, top, sort, threads,
        };
        command.SetAction(parse =>
        {
            string? file = parse.GetValue(read);
            string? name = parse.GetValue(iface);
            if ((file is null) == (name is null))
            {
                return CliErrors.Usage("flows needs exactly one source", "-r FILE or -i IFACE");
            }

            if (!CliErrors.TryFormat(parse.GetValue(format), out OutputFormat outputFormat))
            {
                return CliErrors.Usage($"unknown format '{parse.GetValue(format)}'", "--format table|json|csv");
            }

            if (parse.GetValue(top) < 0)
            {
                return CliErrors.Usage("--top must be 0 (all) or more", "-n");
            }

            if (parse.GetValue(threads) is < 1 or > MaxThreads)
            {
                return CliErrors.Usage($"--threads must be 1 to {MaxThreads}", "--threads");
            }

            TimeSpan? captureFor = null;
            if (parse.GetValue(duration) is { } d)
            {
                if (!ConfigUnits.TryParseDuration(d, allowInfinite: false, out TimeSpan parsed) || parsed <= TimeSpan.Zero)
                {
                    return CliErrors.Usage($"'{d}' is not a duration (examples: 10s, 500ms, 2m)", "--duration");
                }

                captureFor = parsed;
            }

            FlowSortOrder order = parse.GetValue(sort) == "packets" ? FlowSortOrder.Packets : FlowSortOrder.Bytes;
            return file is not null
                ? RunFile(file, outputFormat, parse.GetValue(top), order, threads: parse.GetValue(threads))
                : RunLive(name!, parse.GetValue(filter), captureFor, outputFormat, parse.GetValue(top), order);
        });
        return command;
    }

    /// <summary>Most threads <c>--threads</c> takes.</summary>
    private const int MaxThreads = 64;

    /// <summary>One counting thread per core, up to 8 (more rarely pays: the file's pages are shared memory traffic).</summary>
    private static int DefaultThreads => Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <summary>Aggregates <paramref name="path"/> on up to <paramref name="threads"/> threads; prints the report; returns the exit status.</summary>
    /// <remarks><paramref name="minimumSegmentBytes"/> is the least a thread reads (smaller in tests, to cut small files).</remarks>
    internal static int RunFile(string path, OutputFormat format, int top, FlowSortOrder sort, Stream? output = null, int threads = 1,
        long minimumSegmentBytes = CaptureFileAggregator.DefaultMinimumSegmentBytes)
    {
        PhaseTimings timings = PhaseTimings.FromEnvironment();
        var clock = Stopwatch.StartNew();
        DateTimeOffset started = DateTimeOffset.UtcNow;
        CaptureFileAggregate? parallel = null;
        if (threads > 1)
        {
            using var bar = ConsoleProgress.ForFile(path);
            try
            {
                parallel = CaptureFileAggregator.TryAggregate(path, threads, progress: bar.Report, minimumSegmentBytes: minimumSegmentBytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Read in one piece below, which reports the error as it does for any file.
                parallel = null;
            }
        }

        if (parallel is not null)
        {
            timings.Mark($"read+count ({parallel.Parts} threads, {parallel.Recounted} recounted)");
            FlowBlock counted = parallel.Log.Aggregate(Path.GetFileName(path), started, DateTimeOffset.UtcNow);
            timings.Mark("aggregate");
            int exit = Print(new FlowReport(path, counted, parallel.Log.Stats, parallel.Source, clock.Elapsed, parallel.Error), format, top, sort, output);
            timings.Mark("print");
            timings.Report();
            return exit;
        }

        var log = new FlowLog();
        var handler = new FlowLogFrameHandler(log);
        string? error = null;
        CaptureSourceStats captured = default;
        ICaptureSource? source = CaptureFileCli.Open(path, Console.Error, out int openExit);
        if (source is null)
        {
            return openExit;
        }

        timings.Mark("open");
        using (source)
        using (var progress = ConsoleProgress.ForFile(path))
        {
            try
            {
                while (source.ReadBatch(ref handler, CancellationToken.None) >= 0)
                {
                    progress.Report(source.Stats.FramesDelivered, CaptureFileCli.Position(source));
                }
            }
            catch (CaptureFileException e)
            {
                error = e.Message;
            }

            captured = source.Stats;
        }

        timings.Mark("read+count");
        FlowBlock block = log.Aggregate(Path.GetFileName(path), started, DateTimeOffset.UtcNow);
        timings.Mark("aggregate");
        int status = Print(new FlowReport(path, block, log.Stats, captured, clock.Elapsed, error), format, top, sort, output);
        timings.Mark("print");
        timings.Report();
        return status;
    }

    /// <summary>
    /// Aggregates live traffic on <paramref name="name"/> for a while or until Ctrl-C; returns the exit status.
    /// <paramref name="capturing"/> is called once the capture is open (tests send their traffic then).
    /// </summary>
    internal static int RunLive(string name, string? filter, TimeSpan? duration, OutputFormat format, int top, FlowSortOrder sort,
        Stream? output = null, Action? capturing = null)
    {
        var log = new FlowLog();
        var handler = new FlowLogFrameHandler(log);
        string? error = null;
        var clock = Stopwatch.StartNew();
        DateTimeOffset started = DateTimeOffset.UtcNow;
        ILiveCaptureSource source;
        try
        {
            source = LiveCapture.Open(name, LiveCaptureOptions.Default with { Filter = filter, PollTimeout = TimeSpan.FromMilliseconds(100) });
        }
        catch (CaptureException e)
        {
            return CliErrors.Failed(e.Message);
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        if (duration is { } d)
        {
            stop.CancelAfter(d);
        }

        CaptureSourceStats captured;
        try
        {
            using (source)
            {
                if (!Console.IsErrorRedirected)
                {
                    Console.Error.WriteLine($"weir: capturing on {name}{(duration is null ? " until Ctrl-C" : $" for {duration}")}");
                }

                capturing?.Invoke();

                try
                {
                    while (!stop.IsCancellationRequested && source.ReadBatch(ref handler, stop.Token) >= 0)
                    {
                    }
                }
                catch (CaptureException e)
                {
                    error = e.Message;
                }

                captured = source.Stats;
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        FlowBlock block = log.Aggregate(name, started, DateTimeOffset.UtcNow, captured.KernelDropped);
        return Print(new FlowReport(name, block, log.Stats, captured, clock.Elapsed, error), format, top, sort, output);
    }

    private static int Print(FlowReport report, OutputFormat format, int top, FlowSortOrder sort, Stream? output)
    {
        if (output is not null)
        {
            FlowReportWriter.Write(output, report, format, top, sort);
        }
        else
        {
            using Stream stdout = Console.OpenStandardOutput();
            FlowReportWriter.Write(stdout, report, format, top, sort);
        }

        return report.Error is null ? ExitCodes.Success : CliErrors.Failed(report.Error);
    }
}
