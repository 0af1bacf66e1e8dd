using System.CommandLine;
using System.Text.Json;

namespace Weir.Host.Cli;

/// <summary><c>weir status</c>: the running host and its interfaces.</summary>
public static class StatusCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var watch = new Option<bool>("--watch", "-w") { Description = "Refresh every --interval until Ctrl-C" };
        var interval = new Option<double>("--interval") { Description = "Seconds between refreshes with --watch", DefaultValueFactory = _ => 2 };
        var command = new Command("status", "Show the running host: uptime, data directory and every interface's capture state.\n" +
            "Examples:\n  weir status\n  weir status --host 10.0.0.5:9110 --token $TOKEN --format json\n  weir status --watch");
        command.Options.Add(watch);
        command.Options.Add(interval);
        var admin = AdminOptions.AddTo(command);
        command.SetAction((r, ct) => AdminOptions.Guard(async () =>
        {
            using var client = admin.Client(r);
            bool json = admin.Json(r);
            do
            {
                JsonElement status = await client.GetJsonAsync("/status", ct).ConfigureAwait(false);
                Console.Out.Write(json ? status.GetRawText() + "\n" : AdminTables.Status(status));
                Console.Out.Flush();
                if (r.GetValue(watch))
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.1, r.GetValue(interval))), ct).ConfigureAwait(false);
                    if (!json)
                    {
                        Console.Out.WriteLine();
                    }
                }
            }
            while (r.GetValue(watch) && !ct.IsCancellationRequested);

            return ExitCodes.Success;
        }));
        return command;
    }
}
