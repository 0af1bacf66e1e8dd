using Weir.Engine.Query;
using Weir.Engine.Storage;

namespace Weir.Host.Cli;

/// <summary>Prints errors in the CLI's one-line shape, <c>weir: WHAT: WHERE</c>, and maps them to exit statuses.</summary>
internal static class CliErrors
{
    /// <summary>Prints a bad-query error (with its caret line when it has a position) and returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int Query(FlowQueryException e)
    {
        Console.Error.WriteLine($"weir: query: {e.Message}");
        string caret = e.CaretLines();
        if (caret.Length > 0)
        {
            Console.Error.WriteLine(caret);
        }

        return ExitCodes.Usage;
    }

    /// <summary>Prints a usage error and returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int Usage(string what, string where)
    {
        Console.Error.WriteLine($"weir: {what}: {where}");
        return ExitCodes.Usage;
    }

    /// <summary>Prints a failed operation and returns <see cref="ExitCodes.Failed"/>.</summary>
    public static int Failed(string what)
    {
        Console.Error.WriteLine($"weir: {what}");
        return ExitCodes.Failed;
    }

    /// <summary>Prints each skipped part of the database, one line each.</summary>
    public static void Issues(IReadOnlyList<FlowDbIssue> issues)
    {
        foreach (FlowDbIssue i in issues)
        {
            Console.Error.WriteLine($"weir: damaged data skipped: {i.Message}: {i.Path}");
        }
    }

    /// <summary>Prints each problem that cost no data (a roll-up ignored, answered from the blocks), one line each.</summary>
    public static void Warnings(IReadOnlyList<FlowDbIssue> warnings)
    {
        foreach (FlowDbIssue w in warnings)
        {
            Console.Error.WriteLine($"weir: warning: {w.Message}: {w.Path}");
        }
    }

    /// <summary>Opens a database for reading, or prints why not.</summary>
    public static FlowDbReader? OpenReader(string? db, out int exit)
    {
        exit = ExitCodes.Success;
        if (string.IsNullOrEmpty(db))
        {
            exit = Usage("missing option", "--db DIR");
            return null;
        }

        try
        {
            return FlowDb.Open(ResolveDbPath(db));
        }
        catch (FlowDbException e)
        {
            exit = Usage("no flow database", e.Path ?? db);
            return null;
        }
    }

    /// <summary>
    /// The flow database of <paramref name="dir"/>: a host's data directory (holding <c>db/</c> and the state file
    /// <c>weir.db</c>, or nothing but <c>db/</c>) means its <c>db</c>; anything else is taken as the database itself.
    /// </summary>
    public static string ResolveDbPath(string dir)
    {
        string inner = Path.Combine(dir, "db");
        if (Directory.Exists(inner) && (File.Exists(Path.Combine(dir, "weir.db")) || Directory.GetDirectories(dir).Length == 1))
        {
            return inner;
        }

        return dir;
    }

    /// <summary>Parses a <c>--format</c> value.</summary>
    public static bool TryFormat(string? text, out OutputFormat format)
    {
        format = OutputFormat.Table;
        switch ((text ?? "table").ToLowerInvariant())
        {
            case "table":
                return true;
            case "json":
                format = OutputFormat.Json;
                return true;
            case "csv":
                format = OutputFormat.Csv;
                return true;
            default:
                return false;
        }
    }
}
