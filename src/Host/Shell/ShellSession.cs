using System.CommandLine;
using System.Text;
using System.Text.Json;
using Weir.Host.Cli;

namespace Weir.Host.Shell;

/// <summary>
/// <c>weir shell</c>: a prompt (<c>[127.0.0.1:9110] weir&gt; </c>) that runs admin commands against one host, with
/// tab completion, history in <c>~/.weir_history</c> and streaming commands that Ctrl-C stops without leaving the
/// shell. When stdin is not a terminal it reads commands line by line, for scripts.
/// </summary>
public sealed class ShellSession
{
    private const int HistoryLimit = 1000;
    private static readonly HashSet<string> s_admin = new(StringComparer.Ordinal) { "status", "capture", "query", "actors", "log" };
    private readonly string _host;
    private readonly string? _token;
    private IReadOnlyList<string> _interfaces = [];
    private DateTime _interfacesAt = DateTime.MinValue;

    /// <summary>Creates a session against <paramref name="host"/>.</summary>
    public ShellSession(string? host, string? token)
    {
        _host = string.IsNullOrWhiteSpace(host) ? AdminClient.DefaultHost : host.Trim();
        _token = token;
    }

    /// <summary>The prompt, <c>[HOST] weir&gt; </c>.</summary>
    public string Prompt => $"[{_host}] weir> ";

    /// <summary>Where history is kept (<c>WEIR_HISTORY</c>, default <c>~/.weir_history</c>).</summary>
    public static string HistoryPath =>
        Environment.GetEnvironmentVariable("WEIR_HISTORY") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".weir_history");

    /// <summary>Splits a command line into words; single and double quotes group, backslash escapes.</summary>
    public static IReadOnlyList<string> Tokenize(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Runs the session until <c>exit</c>, Ctrl-D or end of input; returns the exit status of the last command.</summary>
    public async Task<int> RunAsync()
    {
        bool interactive = !Console.IsInputRedirected;
        var history = interactive ? LoadHistory() : [];
        var editor = new LineEditor(history, (line, _) => ShellCompletion.Candidates(line, Interfaces()));
        int last = ExitCodes.Success;
        if (interactive)
        {
            Console.Out.WriteLine($"weir shell: connected to {_host}; Tab completes, 'help' lists commands, Ctrl-D leaves.");
            _ = Interfaces();
        }

        while (true)
        {
            string? line;
            if (interactive)
            {
                Console.TreatControlCAsInput = true;
                line = editor.ReadLine(Prompt);
                Console.TreatControlCAsInput = false;
            }
            else
            {
                line = await Console.In.ReadLineAsync().ConfigureAwait(false);
            }

            if (line is null)
            {
                return last;
            }

            line = line.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (interactive)
            {
                AppendHistory(history, line);
            }

            if (line is "exit" or "quit")
            {
                return last;
            }

            last = await ExecuteAsync(line, interactive).ConfigureAwait(false);
            _interfacesAt = DateTime.MinValue;
        }
    }

    /// <summary>Runs one shell line as the matching <c>weir</c> admin command against this session's host.</summary>
    public async Task<int> ExecuteAsync(string line, bool interactive)
    {
        var words = Tokenize(line).ToList();
        if (words.Count == 0)
        {
            return ExitCodes.Success;
        }

        if (words[0] is "help" or "?")
        {
            Console.Out.WriteLine("commands: status [--watch], capture list|enable IFACE|disable IFACE|rotate, query [options] [attributes],\n" +
                "          actors [-d N], log peek [-n N], log tail, help, exit\n(each takes --format json; 'CMD --help' shows its options; Ctrl-C stops a streaming command)");
            return ExitCodes.Success;
        }

        if (!s_admin.Contains(words[0]))
        {
            Console.Error.WriteLine($"weir: unknown command '{words[0]}' (try help)");
            return ExitCodes.Usage;
        }

        if (!words.Contains("--help") && !words.Contains("-h"))
        {
            words.Add("--host");
            words.Add(_host);
            if (_token is not null)
            {
                words.Add("--token");
                words.Add(_token);
            }
        }

        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        if (interactive)
        {
            Console.CancelKeyPress += onCancel;
        }

        try
        {
            ParseResult parsed = CliRoot.Create().Parse(words);
            int status = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cts.Token).ConfigureAwait(false);
            return parsed.Errors.Count > 0 ? ExitCodes.Usage : status;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Success;
        }
        finally
        {
            if (interactive)
            {
                Console.CancelKeyPress -= onCancel;
            }

            Console.Out.Flush();
        }
    }

    private static List<string> LoadHistory()
    {
        try
        {
            return File.Exists(HistoryPath) ? File.ReadAllLines(HistoryPath).Where(l => l.Length > 0).TakeLast(HistoryLimit).ToList() : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static void AppendHistory(List<string> history, string line)
    {
        if (history.Count > 0 && history[^1] == line)
        {
            return;
        }

        history.Add(line);
        try
        {
            File.AppendAllText(HistoryPath, line + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // History is a convenience; a read-only home must not break the shell.
        }
    }

    private IReadOnlyList<string> Interfaces()
    {
        if (DateTime.UtcNow - _interfacesAt < TimeSpan.FromSeconds(5))
        {
            return _interfaces;
        }

        _interfacesAt = DateTime.UtcNow;
        try
        {
            using var client = new AdminClient(_host, _token, TimeSpan.FromSeconds(2));
            JsonElement status = client.GetJsonAsync("/status").GetAwaiter().GetResult();
            _interfaces = status.GetProperty("interfaces").EnumerateArray().Select(i => i.GetProperty("name").GetString() ?? "").Where(n => n.Length > 0).ToArray();
        }
        catch (Exception e) when (e is AdminException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Completion without interfaces is still completion.
        }

        return _interfaces;
    }
}
