using System.CommandLine;
using System.Text.Json;

namespace Weir.Host.Cli;

/// <summary><c>weir capture list|enable IFACE|disable IFACE|rotate</c>: capture control on a running host.</summary>
public static class CaptureCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("capture", "Control capture on a running host (the choice is persisted and survives a restart).\n" +
            "Examples:\n  weir capture list\n  weir capture enable eth1\n  weir capture disable eth1\n  weir capture rotate");

        var list = new Command("list", "List the interfaces and their capture state");
        var listAdmin = AdminOptions.AddTo(list);
        list.SetAction((r, ct) => AdminOptions.Guard(async () =>
        {
            using var client = listAdmin.Client(r);
            JsonElement status = await client.GetJsonAsync("/status", ct).ConfigureAwait(false);
            var interfaces = status.GetProperty("interfaces");
            Console.Out.Write(listAdmin.Json(r) ? interfaces.GetRawText() + "\n" : AdminTables.Interfaces(interfaces));
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(list);

        foreach (string action in new[] { "enable", "disable" })
        {
            var sub = new Command(action, $"{char.ToUpperInvariant(action[0])}{action[1..]} capture on an interface");
            var iface = new Argument<string>("iface") { Description = "Interface name, e.g. eth0" };
            sub.Arguments.Add(iface);
            var admin = AdminOptions.AddTo(sub);
            sub.SetAction((r, ct) => AdminOptions.Guard(async () =>
            {
                using var client = admin.Client(r);
                string name = r.GetValue(iface)!;
                string body = await client.PostAsync($"/capture/{Uri.EscapeDataString(name)}/{action}", ct).ConfigureAwait(false);
                Console.Out.WriteLine(admin.Json(r) ? body : $"{name}: capture {action}d");
                return ExitCodes.Success;
            }));
            command.Subcommands.Add(sub);
        }

        var rotate = new Command("rotate", "End the current interval on every interface now and write it out");
        var rotateAdmin = AdminOptions.AddTo(rotate);
        rotate.SetAction((r, ct) => AdminOptions.Guard(async () =>
        {
            using var client = rotateAdmin.Client(r);
            string body = await client.PostAsync("/rotate", ct).ConfigureAwait(false);
            Console.Out.WriteLine(rotateAdmin.Json(r) ? body : "rotated");
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(rotate);
        return command;
    }
}
