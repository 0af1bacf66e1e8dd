using System.CommandLine;
using System.CommandLine.Invocation;
using System.Diagnostics;
using Spectre.Console;
using Weir.Engine.Synthetic;

namespace Weir.Host.Cli;

/// <summary>
/// <c>weir generate</c>: writes a synthetic capture with known flows (and, on request, its ground truth as
/// JSON) for tests, benchmarks and demonstrations. Progress and the summary go to stderr.
/// </summary>
public static class GenerateCommand
{
    private const long ProgressThreshold = 1_000_000;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var write = new Option<string>("--write", "-w")
        {
            Description = "File to write the capture to ('-' for stdout).",
            Required = true,
            HelpName = "FILE",
        };
        var packets = new Option<long>("--packets")
        {
            Description = "Frames to generate.",
            DefaultValueFactory = _ => 100_000,
            HelpName = "N",
        };
        var flows = new Option<int>("--flows")
        {
            Description = "Conversations open at once (more gives more distinct flows and finer interleaving).",
            DefaultValueFactory = _ => 1_000,
            HelpName = "N",
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed: the same options and seed give the same bytes.",
            DefaultValueFactory = _ => 1,
            HelpName = "S",
        };
        var snapLength = new Option<int>("--snaplen")
        {
            Description = "Longest captured length, e.g. 96 for headers only (original lengths stay full).",
            DefaultValueFactory = _ => 262_144,
            HelpName = "N",
        };
        var ipv6 = new Option<double>("--ipv6")
        {
            Description = "Share of conversations over IPv6, 0 to 1.",
            DefaultValueFactory = _ => 0.2,
            HelpName = "SHARE",
        };
        var vlan = new Option<double>("--vlan")
        {
            Description = "Share of conversations with 802.1Q-tagged frames, 0 to 1.",
            DefaultValueFactory = _ => 0.1,
            HelpName = "SHARE",
        };
        var rate = new Option<double>("--rate")
        {
            Description = "Average packets per second of capture time (at most 1000000).",
            DefaultValueFactory = _ => 100_000,
            HelpName = "PPS",
        };
        var start = new Option<DateTimeOffset>("--start")
        {
            Description = "Timestamp of the first frame (ISO 8601).",
            DefaultValueFactory = _ => DateTimeOffset.FromUnixTimeMilliseconds(TrafficGeneratorOptions.DefaultStartTimeNs / 1_000_000),
            HelpName = "TIME",
        };
        var format = new Option<string>("--format")
        {
            Description = "Capture file format: pcap (microseconds), pcap-ns (nanoseconds) or pcapng.",
            DefaultValueFactory = _ => "pcap",
            HelpName = "FORMAT",
        };
        format.AcceptOnlyFromAmong("pcap", "pcap-ns", "pcapng");
        var direction = new Option<bool>("--direction")
        {
            Description = "Record the capture direction (client to server outbound) in pcapng epb_flags; needs --format pcapng.",
        };
        var truth = new Option<string?>("--truth")
        {
            Description = "Also write the expected flows, totals and host-pair totals as JSON to this file.",
            HelpName = "FILE.json",
        };

        var command = new Command("generate",
            "Write a synthetic capture with known flows (TCP, UDP, ICMP; IPv4 and IPv6; some VLAN-tagged; heavy-tailed sizes).\n\n" +
            "Examples:\n" +
            "  weir generate -w /tmp/small.pcap --packets 10000 --truth /tmp/small.json\n" +
            "  weir generate -w /tmp/weir-5m.pcap --packets 5000000 --flows 3000 --seed 1\n" +
            "  weir generate -w /tmp/hdr.pcapng --format pcapng --snaplen 96")
        {
            write, packets, flows, seed, snapLength, ipv6, vlan, rate, start, format, direction, truth,
        };
        command.Action = new GenerateAction(write, parse =>
        {
            var options = new TrafficGeneratorOptions
            {
                Packets = parse.GetValue(packets),
                Flows = parse.GetValue(flows),
                Seed = parse.GetValue(seed),
                SnapLength = parse.GetValue(snapLength),
                IPv6Share = parse.GetValue(ipv6),
                VlanShare = parse.GetValue(vlan),
                PacketsPerSecond = parse.GetValue(rate),
                StartTimeNs = (parse.GetValue(start) - DateTimeOffset.UnixEpoch).Ticks * 100,
                MarkDirection = parse.GetValue(direction),
            };
            SyntheticCaptureFormat captureFormat = parse.GetValue(format) switch
            {
                "pcapng" => SyntheticCaptureFormat.PcapNg,
                "pcap-ns" => SyntheticCaptureFormat.PcapNanoseconds,
                _ => SyntheticCaptureFormat.Pcap,
            };
            if (options.MarkDirection && captureFormat != SyntheticCaptureFormat.PcapNg)
            {
                parse.InvocationConfiguration.Error.WriteLine("weir: --direction needs --format pcapng (classic pcap has no direction field): generate");
                return ExitCodes.Usage;
            }

            return Run(options, parse.GetValue(write)!, captureFormat, parse.GetValue(truth), parse.InvocationConfiguration.Error);
        });
        return command;
    }

    /// <summary>Generates the capture and the truth; returns the exit status. Errors are one line on <paramref name="error"/>.</summary>
    internal static int Run(TrafficGeneratorOptions options, string path, SyntheticCaptureFormat format, string? truthPath, TextWriter error)
    {
        TrafficGenerator generator;
        try
        {
            generator = new TrafficGenerator(options);
        }
        catch (ArgumentOutOfRangeException e)
        {
            error.WriteLine($"weir: {OptionName(e.ParamName)} {FirstLine(e.Message)}: generate");
            return ExitCodes.Usage;
        }

        var stopwatch = Stopwatch.StartNew();
        GeneratedTruth result;
        try
        {
            using Stream stream = path == "-"
                ? Console.OpenStandardOutput()
                : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.SequentialScan);
            result = ShowProgress(options.Packets)
                ? WithProgressBar(generator, stream, format, options.Packets)
                : generator.WriteCapture(stream, format);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"weir: cannot write the capture ({Reason(e)}): {path}");
            return ExitCodes.Failed;
        }

        double captureSeconds = stopwatch.Elapsed.TotalSeconds;
        if (truthPath is not null)
        {
            try
            {
                result.WriteJson(truthPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"weir: cannot write the truth ({Reason(e)}): {truthPath}");
                return ExitCodes.Failed;
            }
        }

        GeneratedTotals t = result.Totals;
        error.WriteLine(
            $"weir: wrote {t.Packets:N0} packets, {t.Bytes:N0} bytes ({FormatBytes(t.Bytes)} on the wire, {FormatBytes(t.CapturedBytes)} captured), " +
            $"{t.Flows:N0} flows, {t.Connections:N0} connections in {captureSeconds:F2} s to {path}" +
            (truthPath is null ? "" : $"; truth in {truthPath} ({stopwatch.Elapsed.TotalSeconds - captureSeconds:F2} s)"));
        return ExitCodes.Success;
    }

    private static bool ShowProgress(long packets) =>
        packets >= ProgressThreshold && !Console.IsErrorRedirected;

    private static GeneratedTruth WithProgressBar(TrafficGenerator generator, Stream stream, SyntheticCaptureFormat format, long packets)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        GeneratedTruth? result = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("generating", maxValue: packets);
                result = generator.WriteCapture(stream, format, new ProgressReporter(task));
            });
        return result!;
    }

    private static string OptionName(string? parameter) => parameter switch
    {
        nameof(TrafficGeneratorOptions.Packets) => "--packets",
        nameof(TrafficGeneratorOptions.Flows) => "--flows",
        nameof(TrafficGeneratorOptions.IPv6Share) => "--ipv6",
        nameof(TrafficGeneratorOptions.VlanShare) => "--vlan",
        nameof(TrafficGeneratorOptions.SnapLength) => "--snaplen",
        nameof(TrafficGeneratorOptions.StartTimeNs) => "--start",
        nameof(TrafficGeneratorOptions.PacketsPerSecond) => "--rate",
        _ => parameter ?? "an option",
    };

    private static string FirstLine(string message)
    {
        int end = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        string line = end >= 0 ? message[..end] : message;
        int newline = line.IndexOf('\n', StringComparison.Ordinal);
        line = newline >= 0 ? line[..newline] : line;
        return line.TrimEnd('.', '\r');
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');

    private static string Reason(Exception e) => e switch
    {
        DirectoryNotFoundException => "no such directory",
        FileNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => FirstLine(e.Message),
    };

    private static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:F1} KiB",
        _ => $"{bytes} B",
    };

    /// <summary>
    /// Runs the command, or, when the command line was wrong, prints each parse error as one line
    /// <c>weir: &lt;error&gt;: generate</c> and exits with status 2 (System.CommandLine's own parse-error action
    /// would exit with 1).
    /// </summary>
    private sealed class GenerateAction(Option required, Func<ParseResult, int> run) : SynchronousCommandLineAction
    {
        private readonly Option _required = required;

        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            // Clearing parse errors lets this action run with the errors of its own options still listed but
            // those of the command itself (unknown tokens, a missing required option) removed: report both.
            TextWriter error = parseResult.InvocationConfiguration.Error;
            var messages = parseResult.Errors.Select(e => e.Message).ToList();
            messages.AddRange(parseResult.UnmatchedTokens.Select(t => $"unknown option or argument '{t}'"));
            if (parseResult.GetResult(_required) is null)
            {
                messages.Add($"option '{_required.Name}' is required");
            }

            if (messages.Count > 0)
            {
                foreach (string message in messages.Distinct())
                {
                    error.WriteLine($"weir: {OneLine(message)}: generate");
                }

                error.WriteLine("weir: see 'weir generate --help'");
                return ExitCodes.Usage;
            }

            return run(parseResult);
        }
    }

    /// <summary>Moves the progress bar on the generating thread (no synchronisation context hop, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class ProgressReporter(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = value;
    }
}
