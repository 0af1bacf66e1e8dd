using System.CommandLine;
using Weir.Host.Cli;

namespace Weir.Host;

/// <summary>The <c>weir</c> executable: one command with subcommands (see <c>weir --help</c>).</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command; returns the process exit status.</summary>
    public static int Main(string[] args)
    {
        RootCommand root = CliRoot.Create();
        ParseResult result = root.Parse(args);
        // weir run handles SIGINT/SIGTERM itself (coordinated shutdown); System.CommandLine must not cut it short.
        int status = result.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
        // System.CommandLine reports parse errors with status 1; Weir's convention is 2 for a wrong command line.
        return result.Errors.Count > 0 ? ExitCodes.Usage : status;
    }
}
