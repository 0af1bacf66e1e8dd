using System.Globalization;
using System.Text;
using System.Text.Json;
using Weir.Engine.Query;

namespace Weir.Host.Cli;

/// <summary>Renders admin API answers as the shell's tables.</summary>
internal static class AdminTables
{
    public static string Status(JsonElement status)
    {
        var sb = new StringBuilder();
        long up = status.TryGetProperty("uptimeSeconds", out var u) ? u.GetInt64() : 0;
        sb.Append(CultureInfo.InvariantCulture, $"host up {TimeSpan.FromSeconds(up)}, data {Str(status, "dataDir")}, state {Str(status, "persistence")}\n");
        sb.Append(Interfaces(status.GetProperty("interfaces")));
        return sb.ToString();
    }

    public static string Interfaces(JsonElement interfaces)
    {
        var rows = new List<string[]> { new[] { "iface", "enabled", "state", "packets", "bytes", "flows", "drops" } };
        foreach (var i in interfaces.EnumerateArray())
        {
            rows.Add([
                Str(i, "name"), i.GetProperty("enabled").GetBoolean() ? "yes" : "no", Str(i, "state"),
                QueryOutput.HumanCount((ulong)i.GetProperty("packets").GetInt64()), QueryOutput.HumanBytes((ulong)i.GetProperty("bytes").GetInt64()),
                QueryOutput.HumanCount((ulong)i.GetProperty("flows").GetInt64()), QueryOutput.HumanCount((ulong)i.GetProperty("drops").GetInt64()),
            ]);
        }

        return rows.Count == 1 ? "no interfaces\n" : Table(rows);
    }

    public static string Table(IReadOnlyList<string[]> rows)
    {
        int columns = rows[0].Length;
        var widths = new int[columns];
        foreach (var r in rows)
        {
            for (int c = 0; c < columns; c++)
            {
                widths[c] = Math.Max(widths[c], r[c].Length);
            }
        }

        var sb = new StringBuilder();
        foreach (var r in rows)
        {
            for (int c = 0; c < columns; c++)
            {
                // Names left, figures right, as in the query tables.
                sb.Append(c < 3 ? r[c].PadRight(widths[c]) : r[c].PadLeft(widths[c]));
                sb.Append(c == columns - 1 ? "\n" : "  ");
            }
        }

        return sb.ToString();
    }

    public static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.ToString() : "";
}
