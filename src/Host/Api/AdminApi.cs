using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Weir.Engine.Flows;
using Weir.Engine.Query;
using Weir.Engine.Storage;
using Weir.Host.Cli;
using Weir.Host.Run;

namespace Weir.Host.Api;

/// <summary>
/// The admin API on Kestrel (minimal APIs): health, status, interface configuration, capture control, rotation,
/// queries with live flows, the actor tree, recent log lines and Prometheus metrics. When a token is configured
/// every request must carry <c>Authorization: Bearer TOKEN</c>; without one, only loopback binds are allowed
/// (<see cref="Weir.Actors.Configuration.ApiSettings"/> refuses the rest at load time).
/// </summary>
public sealed class AdminApi : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };
    private readonly WebApplication _app;

    private AdminApi(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the API listens, with the actual port when port 0 was asked for.</summary>
    public Uri Address { get; }

    /// <summary>Binds and starts the API.</summary>
    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static async Task<AdminApi> StartAsync(AdminContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(context.Settings.Api.Bind));
        var app = builder.Build();
        string? token = context.Settings.Api.Token;
        if (token is not null)
        {
            byte[] expected = Encoding.UTF8.GetBytes("Bearer " + token);
            app.Use(async (http, next) =>
            {
                byte[] given = Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString());
                if (!CryptographicOperations.FixedTimeEquals(given, expected))
                {
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    await http.Response.WriteAsync("weir: unauthorized: send Authorization: Bearer <weir.api.token>\n").ConfigureAwait(false);
                    return;
                }

                await next(http).ConfigureAwait(false);
            });
        }

        Map(app, context);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        string first = addresses?.Addresses.FirstOrDefault() ?? $"http://{context.Settings.Api.Bind}";
        return new AdminApi(app, new Uri(first));
    }

    /// <summary>Stops accepting requests and finishes the ones running.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app, AdminContext ctx)
    {
        app.MapGet("/health", () => Results.Json(new { status = "ok" }));

        app.MapGet("/status", async (CancellationToken ct) =>
        {
            var interfaces = await ctx.Capture.GetStatusAsync(ct).ConfigureAwait(false);
            return Results.Json(new
            {
                status = "ok",
                started = ctx.Started,
                uptimeSeconds = (long)(DateTimeOffset.UtcNow - ctx.Started).TotalSeconds,
                dataDir = Path.GetFullPath(ctx.Settings.DataDir),
                db = Path.GetFullPath(ctx.Settings.Db.Path),
                persistence = ctx.Settings.Persistence.Provider.ToString().ToLowerInvariant(),
                interfaces,
                writtenUntil = ctx.Progress is null
                    ? null
                    : interfaces.Select(i => (i.Name, End: ctx.Progress.LastWritten(i.Name)))
                        .Where(x => x.End is not null).ToDictionary(x => x.Name, x => x.End, StringComparer.Ordinal),
            });
        });

        app.MapGet("/config", async (CancellationToken ct) =>
        {
            var interfaces = await ctx.Capture.GetStatusAsync(ct).ConfigureAwait(false);
            return Results.Json(new
            {
                interfaces = interfaces.Where(i => i.Enabled).Select(i => i.Name).ToArray(),
                known = interfaces.Select(i => i.Name).ToArray(),
                effective = ctx.Settings.Config.GetConfig("weir").Render(),
            });
        });

        app.MapPut("/config", async (HttpRequest request, CancellationToken ct) =>
        {
            ConfigUpdate? update;
            try
            {
                update = await JsonSerializer.DeserializeAsync<ConfigUpdate>(request.Body, s_json, ct).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                return Results.BadRequest(new { error = $"body: {e.Message}" });
            }

            if (update?.Interfaces is null)
            {
                return Results.BadRequest(new { error = "body: expected {\"interfaces\": [\"eth0\", …]}" });
            }

            await ctx.Capture.UpdateInterfacesAsync(update.Interfaces, ct).ConfigureAwait(false);
            ctx.Log.Write("INFO", "api", $"interfaces set to [{string.Join(", ", update.Interfaces)}]");
            return Results.Json(new { interfaces = update.Interfaces });
        });

        app.MapPost("/capture/{iface}/{action}", async (string iface, string action, CancellationToken ct) =>
        {
            if (action is not ("enable" or "disable"))
            {
                return Results.NotFound(new { error = $"unknown action '{action}' (enable or disable)" });
            }

            if (iface.Length is 0 or > 15 || iface.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                return Results.BadRequest(new { error = $"'{iface}' is not an interface name" });
            }

            bool enable = action == "enable";
            await ctx.Capture.SetEnabledAsync(iface, enable, ct).ConfigureAwait(false);
            ctx.Log.Write("INFO", "api", $"capture {(enable ? "enabled" : "disabled")} on {iface}");
            return Results.Json(new { iface, enabled = enable });
        });

        app.MapPost("/rotate", async (CancellationToken ct) =>
        {
            await ctx.Capture.RotateAsync(ct).ConfigureAwait(false);
            ctx.Log.Write("INFO", "api", "rotation requested");
            return Results.Json(new { rotated = true });
        });

        app.MapGet("/query", async (HttpRequest request, CancellationToken ct) =>
        {
            var q = request.Query;
            string formatText = q["format"].ToString() is { Length: > 0 } f ? f : "json";
            if (!CliErrors.TryFormat(formatText, out OutputFormat format))
            {
                return Results.BadRequest(new { error = $"bad format '{formatText}' (table, json or csv)" });
            }

            FlowQuery query;
            try
            {
                int limit = q["limit"].ToString() is { Length: > 0 } l ? int.Parse(l, CultureInfo.InvariantCulture) : 10;
                string[] attributes = q["attributes"].ToString() is { Length: > 0 } a ? [a] : [];
                query = QueryCommand.BuildQuery(Opt(q["iface"]), Opt(q["first"]), Opt(q["last"]), Opt(q["condition"]), limit, Opt(q["sort"]),
                    q["asc"].ToString() is "1" or "true", Opt(q["direction"]), Opt(q["resolution"]), attributes);
            }
            catch (Exception e) when (e is FlowQueryException or FormatException or OverflowException)
            {
                string caret = e is FlowQueryException fq ? fq.CaretLines() : "";
                return Results.BadRequest(new { error = "query: " + e.Message, caret });
            }

            IReadOnlyList<FlowBlock> live = await ctx.Capture.GetFlowMapsAsync(ct).ConfigureAwait(false);
            string dbPath = ctx.Settings.Db.Path;
            Directory.CreateDirectory(dbPath);
            QueryResult result;
            try
            {
                using FlowDbReader reader = FlowDb.Open(dbPath);
                result = QueryExecutor.Run(reader, query, live);
            }
            catch (FlowQueryException e)
            {
                return Results.BadRequest(new { error = "query: " + e.Message, caret = e.CaretLines() });
            }

            var buffer = new MemoryStream();
            QueryOutput.Write(result, format, buffer);
            string contentType = format switch
            {
                OutputFormat.Json => "application/json",
                OutputFormat.Csv => "text/csv",
                _ => "text/plain; charset=utf-8",
            };
            if (result.IsPartial)
            {
                request.HttpContext.Response.Headers["X-Weir-Partial"] = result.Issues.Count.ToString(CultureInfo.InvariantCulture);
            }

            return Results.Bytes(buffer.ToArray(), contentType);
        });

        app.MapGet("/flows", async (CancellationToken ct) =>
        {
            var blocks = await ctx.Capture.GetFlowMapsAsync(ct).ConfigureAwait(false);
            return Results.Json(blocks.Select(b => new
            {
                iface = b.InterfaceName,
                start = b.Start,
                end = b.End,
                flows = b.Count,
                packets = b.Totals.Packets,
                bytes = b.Totals.Bytes,
            }).ToArray());
        });

        app.MapGet("/actors", (HttpRequest request) =>
        {
            int depth = int.TryParse(request.Query["depth"], CultureInfo.InvariantCulture, out int d) && d > 0 ? d : int.MaxValue;
            return Results.Json(ActorTree.Walk(ctx.System, depth).Select(a => new { path = a.Path, depth = a.Depth }).ToArray());
        });

        app.MapGet("/log", (HttpRequest request) =>
        {
            int n = int.TryParse(request.Query["n"], CultureInfo.InvariantCulture, out int v) && v > 0 ? v : 100;
            return Results.Json(ctx.Log.Recent(n).Select(l => new { time = l.Time, level = l.Level, source = l.Source, message = l.Message }).ToArray());
        });

        app.MapGet("/metrics", async (CancellationToken ct) =>
        {
            var sb = new StringBuilder();
            sb.Append("# HELP weir_up Whether the Weir host is running.\n# TYPE weir_up gauge\nweir_up 1\n");
            sb.Append("# HELP weir_uptime_seconds Seconds since the host started.\n# TYPE weir_uptime_seconds gauge\n");
            sb.Append(CultureInfo.InvariantCulture, $"weir_uptime_seconds {(long)(DateTimeOffset.UtcNow - ctx.Started).TotalSeconds}\n");
            sb.Append(await ctx.Capture.GetMetricsAsync(ct).ConfigureAwait(false));
            return Results.Text(sb.ToString(), "text/plain; version=0.0.4; charset=utf-8");
        });
    }

    private static string? Opt(Microsoft.Extensions.Primitives.StringValues v) => v.Count == 0 || v.ToString().Length == 0 ? null : v.ToString();

    private sealed record ConfigUpdate(string[]? Interfaces);
}
