using System.CommandLine;
using Weir.Host.Shell;

namespace Weir.Host.Cli;

/// <summary><c>weir shell</c>: the interactive admin shell.</summary>
public static class ShellCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = $"Weir host ADDR:PORT (default {AdminClient.DefaultHost})" };
        var token = new Option<string>("--token") { Description = "Admin API token (default: WEIR_API_TOKEN)" };
        var command = new Command("shell", "Open an interactive admin shell on a running host: Tab completes commands, interfaces and query attributes;\n" +
            "history is kept in ~/.weir_history; Ctrl-C stops a streaming command (log tail, status --watch). With stdin not a terminal,\n" +
            "commands are read line by line.\nExamples:\n  weir shell\n  printf 'status\\ncapture rotate\\n' | weir shell --host 127.0.0.1:9110");
        command.Options.Add(host);
        command.Options.Add(token);
        command.SetAction((r, _) => new ShellSession(r.GetValue(host), r.GetValue(token) ?? Environment.GetEnvironmentVariable("WEIR_API_TOKEN")).RunAsync());
        return command;
    }
}
