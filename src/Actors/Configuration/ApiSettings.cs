using System.Net;

namespace Weir.Actors.Configuration;

/// <summary><c>weir.api</c>: the admin API and <c>/metrics</c>.</summary>
/// <param name="Bind"><c>bind</c>: address and port to listen on (port 0 picks a free port).</param>
/// <param name="Token"><c>token</c>: bearer token the API requires; null when unset (then only loopback is allowed).</param>
public sealed record ApiSettings(IPEndPoint Bind, string? Token)
{
    internal static ApiSettings FromConfig(Config api)
    {
        var text = api.GetStringStrict("bind").Trim();
        if (!IPEndPoint.TryParse(text, out var bind) || !HasPort(text))
        {
            throw api.Error("bind", $"expected an address and port like 127.0.0.1:9110 or [::1]:9110, got {HoconRenderer.Quote(text)}");
        }

        var token = api.HasPath("token") ? api.GetStringStrict("token") : null;
        if (token is { Length: 0 })
        {
            token = null;
        }

        if (token is null && !IPAddress.IsLoopback(bind.Address))
        {
            throw api.Error("bind", $"{text} is not a loopback address: set weir.api.token (or WEIR_API_TOKEN) to expose the admin API");
        }

        return new ApiSettings(bind, token);
    }

    // IPEndPoint.TryParse accepts a bare address with port 0; Weir wants the port written.
    private static bool HasPort(string text) =>
        text.StartsWith('[') ? text.Contains("]:", StringComparison.Ordinal) : text.Count(c => c == ':') == 1;
}
