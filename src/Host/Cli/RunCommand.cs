using System.CommandLine;
using Weir.Host.Run;

namespace Weir.Host.Cli;

/// <summary><c>weir run</c>: the capture host.</summary>
public static class RunCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "HOCON file over the built-in configuration (includes work)" };
        var data = new Option<string>("--data") { Description = "Data directory (weir.data-dir): flow database and state" };
        var iface = new Option<string[]>("--iface", "-i") { Description = "Interface to capture (repeat for more; weir.capture.interfaces)", AllowMultipleArgumentsPerToken = false };
        var api = new Option<string>("--api") { Description = "Admin API address (weir.api.bind), e.g. 127.0.0.1:9110; port 0 picks a free port" };
        var set = new Option<string[]>("--set") { Description = "Any configuration key, KEY=VALUE (repeatable), e.g. --set weir.rotation.interval=60s" };
        var logFormat = new Option<string>("--log-format") { Description = "text (default) or json, one event a line on stderr" };
        var printConfig = new Option<bool>("--print-config") { Description = "Print the effective configuration (weir subtree) and exit" };
        var command = new Command("run", "Run the capture host: capture actors, rotation, writeout and the admin API, until SIGTERM or Ctrl-C.\n" +
            "SIGHUP reloads the interface list from the configuration.\n" +
            "Examples:\n  weir run --config /etc/weir/weir.hocon\n  weir run --data /var/lib/weir -i eth0 -i eth1 --api 127.0.0.1:9110\n" +
            "  WEIR_API_TOKEN=secret weir run --api 0.0.0.0:9110");
        foreach (Option o in new Option[] { config, data, iface, api, set, logFormat, printConfig })
        {
            command.Options.Add(o);
        }

        command.SetAction((r, _) =>
        {
            string format = (r.GetValue(logFormat) ?? "text").ToLowerInvariant();
            if (format is not ("text" or "json"))
            {
                return Task.FromResult(CliErrors.Usage("bad --log-format (text or json)", format));
            }

            return WeirHost.RunAsync(new RunOptions
            {
                ConfigFile = r.GetValue(config),
                DataDir = r.GetValue(data),
                Interfaces = r.GetValue(iface) ?? [],
                Api = r.GetValue(api),
                Set = r.GetValue(set) ?? [],
                JsonLogs = format == "json",
                PrintConfigOnly = r.GetValue(printConfig),
            });
        });
        return command;
    }
}
