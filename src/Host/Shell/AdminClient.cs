using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Weir.Host.Shell;

/// <summary>The admin shell's client for a running host's admin API (<c>weir run</c>).</summary>
public sealed class AdminClient : IDisposable
{
    /// <summary>The host the admin commands talk to by default.</summary>
    public const string DefaultHost = "127.0.0.1:9110";

    private readonly HttpClient _http;

    /// <summary>Creates a client for <paramref name="host"/> (<c>ADDR:PORT</c> or a URL); <paramref name="token"/> defaults to <c>WEIR_API_TOKEN</c>.</summary>
    public AdminClient(string? host, string? token, TimeSpan? timeout = null)
    {
        Host = string.IsNullOrWhiteSpace(host) ? DefaultHost : host.Trim();
        string url = Host.Contains("://", StringComparison.Ordinal) ? Host : "http://" + Host;
        _http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        token ??= Environment.GetEnvironmentVariable("WEIR_API_TOKEN");
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>The host as given (<c>127.0.0.1:9110</c>).</summary>
    public string Host { get; }

    /// <summary>GET <paramref name="path"/>; the body as text.</summary>
    public Task<string> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/')), cancellationToken);

    /// <summary>POST <paramref name="path"/> with no body.</summary>
    public Task<string> PostAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')), cancellationToken);

    /// <summary>PUT <paramref name="path"/> with a JSON body.</summary>
    public Task<string> PutJsonAsync(string path, string json, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, path.TrimStart('/')) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, cancellationToken);

    /// <summary>GET <paramref name="path"/> parsed as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellationToken = default)
    {
        string body = await GetAsync(path, cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private async Task<string> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new AdminException($"cannot reach the Weir host at {Host} (is weir run running?)", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AdminException($"the Weir host at {Host} did not answer in time", e);
            }

            using (response)
            {
                string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    throw new AdminException(_http.DefaultRequestHeaders.Authorization is null
                        ? $"the Weir host at {Host} requires a token: pass --token or set WEIR_API_TOKEN"
                        : $"the Weir host at {Host} refused the token");
                }

                string error = ErrorOf(body);
                throw response.StatusCode == HttpStatusCode.BadRequest
                    ? new AdminException(error, 2)
                    : new AdminException($"{request.RequestUri}: {(int)response.StatusCode} {error}");
            }
        }
    }

    private static string ErrorOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e))
            {
                string caret = doc.RootElement.TryGetProperty("caret", out var c) ? c.GetString() ?? "" : "";
                return caret.Length > 0 ? $"{e.GetString()}\n{caret}" : e.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text is the message.
        }

        return body.Trim();
    }
}
