using System.CommandLine;
using Weir.Engine.Query;
using Weir.Engine.Storage;

namespace Weir.Host.Cli;

/// <summary><c>weir query</c>: top talkers and friends, straight from the flow database.</summary>
public static class QueryCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Flow database directory, or a host's data directory (DIR/db)" };
        var host = new Option<string>("--host") { Description = "Query a running host (with the flows not yet written out), ADDR:PORT; the default without --db is 127.0.0.1:9110" };
        var token = new Option<string>("--token") { Description = "Admin API token for --host (default: WEIR_API_TOKEN)" };
        var ifaces = new Option<string>("--iface", "-i") { Description = "Interfaces, comma-separated, or 'any' (default)" };
        var first = new Option<string>("--first", "-f") { Description = "Earliest time: '2026-11-30 10:00', RFC 3339, epoch seconds or relative (-7d, -2h30m)" };
        var last = new Option<string>("--last", "-l") { Description = "Latest time (same forms); default now" };
        var condition = new Option<string>("--condition", "-c") { Description = "Filter, e.g. \"dport = 443 & (snet = 10.0.0.0/8 | proto = udp) & !host = 1.2.3.4\"" };
        var limit = new Option<string>("--limit", "-n") { Description = "Rows to print (0: all; default 10)" };
        var sort = new Option<string>("--sort", "-s") { Description = "bytes (default), packets or time" };
        var asc = new Option<bool>("--asc") { Description = "Ascending order" };
        var direction = new Option<string>("--direction", "-d") { Description = "in (received), out (sent) or sum (default)" };
        var format = new Option<string>("--format") { Description = "table (default), json or csv" };
        var resolution = new Option<string>("--resolution") { Description = "Time bucket when grouping by time, e.g. 1h (default: the block interval)" };
        var noRollup = new Option<bool>("--no-rollup") { Description = "Scan the blocks even where the day roll-ups would answer (same answer, slower; for comparison)" };
        var attributes = new Argument<string[]>("attributes")
        {
            Description = $"What to group by: {QueryAttributes.Help} (default talk_conv)",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var command = new Command("query", "Query stored flows: who talked to whom, on which port, how much.\n" +
            "Examples:\n  weir query --db /var/lib/weir/db -f -1d talk_conv\n" +
            "  weir query --db DB -i eth0 -f '2026-11-30 10:00' -l '2026-11-30 12:00' -c 'dport = 443 & snet = 10.0.0.0/8' sip,dip,dport\n" +
            "  weir query --db DB -n 0 --format json apps_port | jq .\n" +
            "  weir query --host 127.0.0.1:9110 -f -1h talk_dst");
        foreach (Option o in new Option[] { db, host, token, ifaces, first, last, condition, limit, sort, asc, direction, format, resolution, noRollup })
        {
            command.Options.Add(o);
        }

        command.Arguments.Add(attributes);
        command.SetAction((r, ct) =>
        {
            if (r.GetValue(db) is null || r.GetValue(host) is not null)
            {
                return RunRemote(r.GetValue(host), r.GetValue(token), r.GetValue(ifaces), r.GetValue(first), r.GetValue(last), r.GetValue(condition),
                    r.GetValue(limit), r.GetValue(sort), r.GetValue(asc), r.GetValue(direction), r.GetValue(format), r.GetValue(resolution),
                    r.GetValue(attributes) ?? [], ct);
            }

            return Task.FromResult(Run(r.GetValue(db), r.GetValue(ifaces), r.GetValue(first), r.GetValue(last), r.GetValue(condition),
            r.GetValue(limit), r.GetValue(sort), r.GetValue(asc), r.GetValue(direction), r.GetValue(format), r.GetValue(resolution),
            r.GetValue(attributes) ?? [], r.GetValue(noRollup)));
        });
        return command;
    }

    private static int Run(string? dbPath, string? ifaces, string? first, string? last, string? condition, string? limitText, string? sort, bool asc,
        string? direction, string? formatText, string? resolution, string[] attributes, bool noRollup)
    {
        if (!CliErrors.TryFormat(formatText, out OutputFormat format))
        {
            return CliErrors.Usage("bad --format (table, json or csv)", formatText ?? "");
        }

        if (!TryLimit(limitText, out int limit))
        {
            return CliErrors.Usage("bad --limit (a number, 0 for all)", limitText!);
        }

        FlowQuery query;
        try
        {
            query = BuildQuery(ifaces, first, last, condition, limit, sort, asc, direction, resolution, attributes) with { UseRollups = !noRollup };
        }
        catch (FlowQueryException e)
        {
            return CliErrors.Query(e);
        }

        using FlowDbReader? reader = CliErrors.OpenReader(dbPath, out int exit);
        if (reader is null)
        {
            return exit;
        }

        QueryResult result;
        try
        {
            result = QueryExecutor.Run(reader, query);
        }
        catch (FlowQueryException e)
        {
            return CliErrors.Query(e);
        }

        using (Stream stdout = Console.OpenStandardOutput())
        {
            QueryOutput.Write(result, format, stdout);
        }

        CliErrors.Warnings(result.Warnings);
        if (result.IsPartial)
        {
            CliErrors.Issues(result.Issues);
            Console.Error.WriteLine($"weir: query: partial result: {result.Issues.Count} damaged part(s) of the database skipped: {reader.Root}");
            return ExitCodes.Failed;
        }

        return ExitCodes.Success;
    }

    /// <summary><c>weir query --host</c>: the same query through <c>GET /query</c>, so live flows are included.</summary>
    private static Task<int> RunRemote(string? host, string? token, string? ifaces, string? first, string? last, string? condition, string? limitText, string? sort,
        bool asc, string? direction, string? formatText, string? resolution, string[] attributes, CancellationToken ct)
    {
        if (!CliErrors.TryFormat(formatText, out _))
        {
            return Task.FromResult(CliErrors.Usage("bad --format (table, json or csv)", formatText ?? ""));
        }

        if (!TryLimit(limitText, out int limit))
        {
            return Task.FromResult(CliErrors.Usage("bad --limit (a number, 0 for all)", limitText!));
        }

        var q = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                q.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("iface", ifaces);
        Add("first", first);
        Add("last", last);
        Add("condition", condition);
        Add("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("sort", sort);
        Add("asc", asc ? "true" : null);
        Add("direction", direction);
        Add("format", (formatText ?? "table").ToLowerInvariant());
        Add("resolution", resolution);
        Add("attributes", attributes.Length == 0 ? null : string.Join(',', attributes));
        return AdminOptions.Guard(async () =>
        {
            using var client = new Shell.AdminClient(host, token);
            string body = await client.GetAsync("/query?" + string.Join('&', q), ct).ConfigureAwait(false);
            Console.Out.Write(body);
            Console.Out.Flush();
            return ExitCodes.Success;
        });
    }

    /// <summary>Reads <c>--limit</c>: absent means 10, 0 means all; anything but a non-negative number is refused.</summary>
    private static bool TryLimit(string? text, out int limit)
    {
        limit = 10;
        return text is null ||
            (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) && limit >= 0);
    }

    /// <summary>Builds a query from <c>weir query</c>'s options (shared with <c>GET /query</c> and <c>weir query --host</c>).</summary>
    /// <exception cref="FlowQueryException">An option does not parse.</exception>
    internal static FlowQuery BuildQuery(string? ifaces, string? first, string? last, string? condition, int limit, string? sort, bool asc,
        string? direction, string? resolution, string[] attributes)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        SortKey sortKey = (sort ?? "bytes").ToLowerInvariant() switch
        {
            "bytes" or "b" => SortKey.Bytes,
            "packets" or "pkts" or "p" => SortKey.Packets,
            "time" or "t" => SortKey.Time,
            _ => throw new FlowQueryException($"bad sort '{sort}' (bytes, packets or time)"),
        };
        Direction dir = (direction ?? "sum").ToLowerInvariant() switch
        {
            "sum" or "both" => Direction.Sum,
            "in" => Direction.In,
            "out" => Direction.Out,
            _ => throw new FlowQueryException($"bad direction '{direction}' (in, out or sum)"),
        };
        var query = new FlowQuery
        {
            Interfaces = string.IsNullOrWhiteSpace(ifaces) ? null : ifaces.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            From = first is null ? null : QueryTime.ParseTime(first, now),
            To = last is null ? null : QueryTime.ParseTime(last, now),
            Condition = ConditionParser.Parse(condition),
            GroupBy = QueryAttributes.Parse(attributes.Length == 0 ? "talk_conv" : string.Join(',', attributes)),
            Sort = sortKey,
            Ascending = asc,
            Direction = dir,
            Limit = limit,
            Resolution = resolution is null ? null : QueryTime.ParseDuration(resolution),
        };
        if (query.From is { } f && query.To is { } t && f >= t)
        {
            throw new FlowQueryException($"the time range is empty (-f {first} is not before -l {last})");
        }

        return query;
    }
}
