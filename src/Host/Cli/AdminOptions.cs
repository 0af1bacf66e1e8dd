using System.CommandLine;
using Weir.Host.Shell;

namespace Weir.Host.Cli;

/// <summary>The options every admin command takes: <c>--host</c>, <c>--token</c>, <c>--format</c>.</summary>
internal sealed class AdminOptions
{
    public Option<string> Host { get; } = new("--host") { Description = $"Weir host ADDR:PORT (default {AdminClient.DefaultHost})" };

    public Option<string> Token { get; } = new("--token") { Description = "Admin API token (default: WEIR_API_TOKEN)" };

    public Option<string> Format { get; } = new("--format") { Description = "table (default) or json" };

    public static AdminOptions AddTo(Command command)
    {
        var o = new AdminOptions();
        command.Options.Add(o.Host);
        command.Options.Add(o.Token);
        command.Options.Add(o.Format);
        return o;
    }

    public AdminClient Client(ParseResult r) => new(r.GetValue(Host), r.GetValue(Token));

    public bool Json(ParseResult r) => string.Equals(r.GetValue(Format), "json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs an admin action, turning <see cref="AdminException"/> into the one-line error and its exit status.</summary>
    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (AdminException e)
        {
            Console.Error.WriteLine($"weir: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Success;
        }
    }
}
