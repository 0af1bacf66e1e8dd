using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Weir.Engine.Flows;
using Weir.Engine.Query;
using Weir.Engine.Storage;

namespace Weir.Host.Cli;

/// <summary><c>weir db</c>: look after the flow database (list, prune; fill is hidden, for tests and benchmarks).</summary>
public static class DbCommand
{
    /// <summary>Creates the command with its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("db", "Inspect and maintain the flow database.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreatePrune());
        command.Subcommands.Add(CreateRollup());
        command.Subcommands.Add(CreateFill());
        command.Subcommands.Add(CreateCodecs());
        return command;
    }

    private static Command CreateCodecs()
    {
        var blocks = new Option<int>("--blocks") { Description = "Synthetic blocks to encode", DefaultValueFactory = _ => 4 };
        var flows = new Option<int>("--flows-per-block") { Description = "Flows per block", DefaultValueFactory = _ => 50000 };
        var seed = new Option<ulong>("--seed") { Description = "Generator seed", DefaultValueFactory = _ => 1 };
        var command = new Command("codecs", "Compare the column codecs on synthetic blocks: B/flow, ratio, MB/s.\nExample:\n  weir db codecs --blocks 4 --flows-per-block 50000")
        {
            Hidden = true,
        };
        command.Options.Add(blocks);
        command.Options.Add(flows);
        command.Options.Add(seed);
        command.SetAction(r =>
        {
            Console.Out.WriteLine("codec    level  B/flow   ratio  compress MB/s  decompress MB/s");
            foreach (CodecComparison.Result x in CodecComparison.Run(r.GetValue(blocks), r.GetValue(flows), r.GetValue(seed)))
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{x.Codec,-8} {x.Level,5} {x.BytesPerFlow,7:F2} {x.Ratio,7:F2} {x.CompressMBps,14:F0} {x.DecompressMBps,16:F0}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateList()
    {
        var db = new Option<string>("--db") { Description = "Flow database directory", Required = true };
        var format = new Option<string>("--format") { Description = "table (default), json or csv" };
        var command = new Command("list", "Interfaces, days, blocks and totals, from the day summaries (no column file is read).\nExample:\n  weir db list --db /var/lib/weir/db");
        command.Options.Add(db);
        command.Options.Add(format);
        command.SetAction(r => List(r.GetValue(db), r.GetValue(format)));
        return command;
    }

    private static Command CreatePrune()
    {
        var db = new Option<string>("--db") { Description = "Flow database directory", Required = true };
        var maxAge = new Option<string>("--max-age") { Description = "Delete whole days that ended longer ago than this, e.g. 30d", Required = true };
        var command = new Command("prune", "Apply retention: delete whole days older than --max-age.\nExample:\n  weir db prune --db /var/lib/weir/db --max-age 30d");
        command.Options.Add(db);
        command.Options.Add(maxAge);
        command.SetAction(r => Prune(r.GetValue(db), r.GetValue(maxAge)));
        return command;
    }

    private static Command CreateRollup()
    {
        var db = new Option<string>("--db") { Description = "Flow database directory", Required = true };
        var iface = new Option<string>("--iface", "-i") { Description = "Only this interface (default: all)" };
        var noSync = new Option<bool>("--no-sync") { Description = "Skip fsync (throw-away benchmark data only)" };
        var command = new Command("rollup", "Build or extend the per-day talkers roll-ups (per sip,dip sums) that answer top-talker queries\n" +
            "without scanning the blocks. The writer builds them when a day completes; this catches up (after an upgrade, a crash,\n" +
            "or for today's blocks so far). Days already covered are left alone.\nExample:\n  weir db rollup --db /var/lib/weir/db");
        command.Options.Add(db);
        command.Options.Add(iface);
        command.Options.Add(noSync);
        command.SetAction(r => Rollup(r.GetValue(db), r.GetValue(iface), r.GetValue(noSync)));
        return command;
    }

    private static int Rollup(string? dbPath, string? iface, bool noSync)
    {
        using FlowDbReader? reader = CliErrors.OpenReader(dbPath, out int exit);
        if (reader is null)
        {
            return exit;
        }

        if (iface is not null && !reader.ListInterfaces().Contains(iface, StringComparer.Ordinal))
        {
            return CliErrors.Usage("no such interface in the database", iface);
        }

        var clock = Stopwatch.StartNew();
        int done = 0;
        IReadOnlyList<TalkerRollupBuild> built;
        try
        {
            built = TalkerRollupBuilder.BuildAll(reader, iface, durable: !noSync, progress: new SyncProgress(b =>
            {
                int n = Interlocked.Increment(ref done);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"weir: rollup: {b.Interface} {b.Day:yyyy-MM-dd}: {(b.UpToDate ? "up to date" : $"{b.BlocksRead} blocks read")}, {b.Blocks} covered, {b.Pairs:N0} pairs, {QueryOutput.HumanBytes((ulong)b.SizeBytes)} ({n} days, {clock.Elapsed.TotalSeconds:F1} s)"));
            }));
        }
        catch (FlowDbException e)
        {
            return CliErrors.Failed($"rollup: {e.Message}: {e.Path}");
        }

        long size = built.Sum(b => b.SizeBytes);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{built.Count} day roll-ups ({built.Count(b => !b.UpToDate)} written), {built.Sum(b => b.Pairs):N0} pairs, {QueryOutput.HumanBytes((ulong)size)}, in {clock.Elapsed.TotalSeconds:F1} s"));
        if (reader.Issues.Count > 0)
        {
            CliErrors.Issues(reader.Issues);
            Console.Error.WriteLine($"weir: rollup: damaged blocks end their day's roll-up; queries scan (and report) them: {reader.Root}");
            return ExitCodes.Failed;
        }

        return ExitCodes.Success;
    }

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool and lose lines at exit).</summary>
    private sealed class SyncProgress(Action<TalkerRollupBuild> report) : IProgress<TalkerRollupBuild>
    {
        private readonly Lock _gate = new();

        public void Report(TalkerRollupBuild value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }

    private static Command CreateFill()
    {
        var db = new Option<string>("--db") { Description = "Flow database directory", Required = true };
        var iface = new Option<string>("--iface") { Description = "Interface name", DefaultValueFactory = _ => "eth0" };
        var blocks = new Option<int>("--blocks") { Description = "Blocks to write", DefaultValueFactory = _ => 1 };
        var flows = new Option<int>("--flows-per-block") { Description = "Flows per block", DefaultValueFactory = _ => 10000 };
        var seed = new Option<ulong>("--seed") { Description = "Generator seed", DefaultValueFactory = _ => 1 };
        var start = new Option<string>("--start") { Description = "Start of the first block (default: so that the last block ends now)" };
        var interval = new Option<string>("--interval") { Description = "Block interval", DefaultValueFactory = _ => "300s" };
        var noSync = new Option<bool>("--no-sync") { Description = "Skip fsync (throw-away benchmark data only)" };
        var codec = new Option<string>("--codec") { Description = "zstd (default when libzstd is present), lz4, brotli, deflate or none" };
        var command = new Command("fill", "Write deterministic synthetic flow blocks (tests, crash test, benchmarks).\n" +
            "Example:\n  weir db fill --db /tmp/db --iface eth0 --blocks 288 --flows-per-block 50000 --seed 1 --start 2026-11-01")
        {
            Hidden = true,
        };
        foreach (Option o in new Option[] { db, iface, blocks, flows, seed, start, interval, noSync, codec })
        {
            command.Options.Add(o);
        }

        command.SetAction(r => Fill(r.GetValue(db)!, r.GetValue(iface)!, r.GetValue(blocks), r.GetValue(flows), r.GetValue(seed),
            r.GetValue(start), r.GetValue(interval)!, r.GetValue(noSync), r.GetValue(codec)));
        return command;
    }

    private static int List(string? dbPath, string? formatText)
    {
        if (!CliErrors.TryFormat(formatText, out OutputFormat format))
        {
            return CliErrors.Usage("bad --format (table, json or csv)", formatText ?? "");
        }

        using FlowDbReader? reader = CliErrors.OpenReader(dbPath, out int exit);
        if (reader is null)
        {
            return exit;
        }

        var days = new List<FlowDbDay>();
        foreach (string iface in reader.ListInterfaces())
        {
            days.AddRange(reader.ListDays(iface));
        }

        string text = format switch
        {
            OutputFormat.Json => ListJson(days),
            OutputFormat.Csv => ListCsv(days),
            _ => ListTable(days),
        };
        Console.Out.Write(text);
        Console.Out.Flush();
        if (reader.Issues.Count > 0)
        {
            CliErrors.Issues(reader.Issues);
            return ExitCodes.Failed;
        }

        return ExitCodes.Success;
    }

    private static string ListTable(List<FlowDbDay> days)
    {
        var rows = new List<string[]> { new[] { "iface", "day", "blocks", "flows", "ipv6", "bytes in", "bytes out", "packets", "drops kernel", "drops local", "stored", "B/flow" } };
        foreach (FlowDbDay d in days)
        {
            rows.Add([d.Interface, d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Blocks.ToString(CultureInfo.InvariantCulture),
                QueryOutput.HumanCount((ulong)d.Rows), QueryOutput.HumanCount((ulong)d.Rows6), QueryOutput.HumanBytes(d.Totals.BytesReceived),
                QueryOutput.HumanBytes(d.Totals.BytesSent), QueryOutput.HumanCount(d.Totals.Packets),
                d.Stats.KernelDropped.ToString(CultureInfo.InvariantCulture), d.Stats.LocalDropped.ToString(CultureInfo.InvariantCulture),
                QueryOutput.HumanBytes((ulong)d.StoredBytes), d.Rows == 0 ? "-" : ((double)d.StoredBytes / d.Rows).ToString("F2", CultureInfo.InvariantCulture)]);
        }

        int[] w = new int[rows[0].Length];
        foreach (string[] r in rows)
        {
            for (int i = 0; i < r.Length; i++)
            {
                w[i] = Math.Max(w[i], r[i].Length);
            }
        }

        var sb = new StringBuilder();
        foreach (string[] r in rows)
        {
            sb.AppendJoin("  ", r.Select((c, i) => i < 2 ? c.PadRight(w[i]) : c.PadLeft(w[i]))).Append('\n');
        }

        long flows = days.Sum(d => d.Rows), stored = days.Sum(d => d.StoredBytes);
        sb.Append(CultureInfo.InvariantCulture, $"{days.Select(d => d.Interface).Distinct().Count()} interface(s), {days.Count} day(s), {days.Sum(d => d.Blocks)} blocks, {flows:N0} flows, {QueryOutput.HumanBytes((ulong)stored)} stored\n");
        return sb.ToString();
    }

    private static string ListCsv(List<FlowDbDay> days)
    {
        var sb = new StringBuilder("iface,day,blocks,flows,flows_v6,bytes_rcvd,bytes_sent,pkts_rcvd,pkts_sent,drops_kernel,drops_local,stored_bytes,first,last\n");
        foreach (FlowDbDay d in days)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{d.Interface},{d.Day:yyyy-MM-dd},{d.Blocks},{d.Rows},{d.Rows6},{d.Totals.BytesReceived},{d.Totals.BytesSent},{d.Totals.PacketsReceived},{d.Totals.PacketsSent},{d.Stats.KernelDropped},{d.Stats.LocalDropped},{d.StoredBytes},{d.First.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{d.Last.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n");
        }

        return sb.ToString();
    }

    private static string ListJson(List<FlowDbDay> days)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteStartArray("days");
            foreach (FlowDbDay d in days)
            {
                w.WriteStartObject();
                w.WriteString("iface", d.Interface);
                w.WriteString("day", d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteNumber("blocks", d.Blocks);
                w.WriteNumber("flows", d.Rows);
                w.WriteNumber("flows_v6", d.Rows6);
                w.WriteNumber("bytes_rcvd", d.Totals.BytesReceived);
                w.WriteNumber("bytes_sent", d.Totals.BytesSent);
                w.WriteNumber("pkts_rcvd", d.Totals.PacketsReceived);
                w.WriteNumber("pkts_sent", d.Totals.PacketsSent);
                w.WriteNumber("drops_kernel", d.Stats.KernelDropped);
                w.WriteNumber("drops_local", d.Stats.LocalDropped);
                w.WriteNumber("stored_bytes", d.StoredBytes);
                w.WriteString("first", d.First.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                w.WriteString("last", d.Last.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static int Prune(string? dbPath, string? maxAgeText)
    {
        TimeSpan maxAge;
        try
        {
            maxAge = QueryTime.ParseDuration(maxAgeText ?? "");
        }
        catch (FlowQueryException e)
        {
            return CliErrors.Usage(e.Message, "--max-age");
        }

        if (dbPath is null || !Directory.Exists(dbPath))
        {
            return CliErrors.Usage("no flow database", dbPath ?? "--db");
        }

        try
        {
            using var writer = new FlowDbWriter(dbPath);
            foreach (FlowDbDay d in writer.ApplyRetention(maxAge, DateTimeOffset.UtcNow))
            {
                Console.Out.WriteLine($"deleted {d.Interface} {d.Day:yyyy-MM-dd} ({d.Blocks} blocks, {d.Rows} flows)");
            }
        }
        catch (FlowDbException e)
        {
            return CliErrors.Failed(e.Message);
        }

        return ExitCodes.Success;
    }

    private static int Fill(string dbPath, string iface, int blocks, int flows, ulong seed, string? startText, string intervalText, bool noSync, string? codecText)
    {
        ColumnCodec? codec = null;
        if (codecText is not null)
        {
            if (!Enum.TryParse(codecText, ignoreCase: true, out ColumnCodec parsed) || !Enum.IsDefined(parsed))
            {
                return CliErrors.Usage("bad --codec (zstd, lz4, brotli, deflate or none)", codecText);
            }

            codec = parsed;
        }

        TimeSpan interval;
        DateTimeOffset start;
        try
        {
            interval = QueryTime.ParseDuration(intervalText);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            long step = (long)interval.TotalSeconds;
            start = startText is null
                ? DateTimeOffset.FromUnixTimeSeconds((now.ToUnixTimeSeconds() / step * step) - (step * blocks))
                : QueryTime.ParseTime(startText, now);
        }
        catch (FlowQueryException e)
        {
            return CliErrors.Usage(e.Message, "--start / --interval");
        }

        if (blocks < 0 || flows < 0)
        {
            return CliErrors.Usage("--blocks and --flows-per-block must not be negative", $"{blocks} / {flows}");
        }

        var clock = Stopwatch.StartNew();
        var generator = new SyntheticFlowGenerator(seed, iface);
        long rows = 0, stored = 0;
        try
        {
            using var writer = new FlowDbWriter(dbPath, new FlowDbWriterOptions { Durable = !noSync, Codec = codec });
            using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
            for (int i = 0; i < blocks; i++)
            {
                FlowBlock block = generator.Block(start + (i * interval), interval, flows);
                FlowDbBlock written = writer.Write(block);
                rows += written.Rows;
                stored += written.StoredBytes;
                // One line per committed block: the crash test knows from it what must survive a kill.
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"committed {iface} {block.Start.ToUnixTimeSeconds()} {written.Rows} {block.Totals.Bytes}"));
            }
        }
        catch (FlowDbException e)
        {
            return CliErrors.Failed(e.Message);
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {blocks} blocks, {rows:N0} flows, {QueryOutput.HumanBytes((ulong)stored)} ({(rows == 0 ? 0 : (double)stored / rows):F2} B/flow) in {clock.Elapsed.TotalSeconds:F1} s"));
        return ExitCodes.Success;
    }
}
