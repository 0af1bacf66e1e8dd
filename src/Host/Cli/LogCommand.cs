using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Weir.Host.Cli;

/// <summary><c>weir log peek|tail</c>: the running host's recent log lines.</summary>
public static class LogCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("log", "Read the running host's log (kept in memory, the last 1000 lines).\n" +
            "Examples:\n  weir log peek -n 20\n  weir log tail");
        var peek = new Command("peek", "Print the most recent log lines");
        var n = new Option<int>("-n") { Description = "Lines to print", DefaultValueFactory = _ => 100 };
        peek.Options.Add(n);
        var peekAdmin = AdminOptions.AddTo(peek);
        peek.SetAction((r, ct) => AdminOptions.Guard(async () =>
        {
            using var client = peekAdmin.Client(r);
            string body = await client.GetAsync($"/log?n={r.GetValue(n).ToString(CultureInfo.InvariantCulture)}", ct).ConfigureAwait(false);
            Print(body, peekAdmin.Json(r), null);
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(peek);

        var tail = new Command("tail", "Print log lines as they come, until Ctrl-C");
        var tailAdmin = AdminOptions.AddTo(tail);
        tail.SetAction((r, ct) => AdminOptions.Guard(async () =>
        {
            using var client = tailAdmin.Client(r);
            DateTimeOffset? last = null;
            while (!ct.IsCancellationRequested)
            {
                string body = await client.GetAsync("/log?n=1000", ct).ConfigureAwait(false);
                last = Print(body, tailAdmin.Json(r), last);
                await Task.Delay(500, ct).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        command.Subcommands.Add(tail);
        return command;
    }

    /// <summary>Prints the lines newer than <paramref name="after"/>; returns the time of the newest.</summary>
    private static DateTimeOffset? Print(string body, bool json, DateTimeOffset? after)
    {
        using var doc = JsonDocument.Parse(body);
        DateTimeOffset? newest = after;
        foreach (var line in doc.RootElement.EnumerateArray())
        {
            var time = line.GetProperty("time").GetDateTimeOffset();
            if (after is { } a && time <= a)
            {
                continue;
            }

            newest = time;
            Console.Out.WriteLine(json
                ? line.GetRawText()
                : $"{time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} {line.GetProperty("level").GetString(),-7} [{line.GetProperty("source").GetString()}] {line.GetProperty("message").GetString()}");
        }

        Console.Out.Flush();
        return newest;
    }
}
