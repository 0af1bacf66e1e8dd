using System.CommandLine;

namespace Weir.Host.Cli;

/// <summary>Builds the <c>weir</c> command tree. Each subcommand lives in its own file and is added here.</summary>
public static class CliRoot
{
    /// <summary>Creates the root command with every subcommand attached.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("Weir: an actor-based network capture engine that turns packets into stored, queryable flows.");
        root.Subcommands.Add(DissectCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Add(CaptureTestCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(FlowsCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(CaptureCommand.Create());
        root.Subcommands.Add(ActorsCommand.Create());
        root.Subcommands.Add(LogCommand.Create());
        root.Subcommands.Add(ShellCommand.Create());
        return root;
    }
}
