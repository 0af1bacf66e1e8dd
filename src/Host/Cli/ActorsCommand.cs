using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Weir.Host.Cli;

/// <summary><c>weir actors</c>: the running host's actor hierarchy.</summary>
public static class ActorsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var depth = new Option<int>("--depth", "-d") { Description = "Levels to show (0: all)" };
        var command = new Command("actors", "Show the actor hierarchy of the running host (Petabridge.Cmd's 'actor hierarchy').\n" +
            "Examples:\n  weir actors\n  weir actors -d 2 --format json");
        command.Options.Add(depth);
        var admin = AdminOptions.AddTo(command);
        command.SetAction((r, ct) => AdminOptions.Guard(async () =>
        {
            using var client = admin.Client(r);
            int d = r.GetValue(depth);
            string body = await client.GetAsync(d > 0 ? $"/actors?depth={d.ToString(CultureInfo.InvariantCulture)}" : "/actors", ct).ConfigureAwait(false);
            if (admin.Json(r))
            {
                Console.Out.WriteLine(body);
                return ExitCodes.Success;
            }

            using var doc = JsonDocument.Parse(body);
            var sb = new StringBuilder();
            foreach (var a in doc.RootElement.EnumerateArray())
            {
                sb.Append(' ', (a.GetProperty("depth").GetInt32() - 1) * 2).Append(a.GetProperty("path").GetString()).Append('\n');
            }

            Console.Out.Write(sb.ToString());
            return ExitCodes.Success;
        }));
        return command;
    }
}
