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
        return root.Parse(args).Invoke();
    }
}
