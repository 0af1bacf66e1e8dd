using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Weir.Host.Tests.Cli;

namespace Weir.Host.Tests.Run;

/// <summary>A <c>weir run</c> child process on a free port, with its stderr collected and its port parsed.</summary>
internal sealed partial class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _port.TrySetException(new InvalidOperationException("weir run ended before listening:\n" + Stderr));
                return;
            }

            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }

            if (ListeningRegex().Match(e.Data) is { Success: true } m)
            {
                _port.TrySetResult(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            lock (_stdout)
            {
                _stdout.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public int Port => _port.Task.WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();

    public string Host => $"127.0.0.1:{Port}";

    public Process Process => _process;

    /// <summary>Starts <c>weir run --data DATA --api 127.0.0.1:0 --set weir.capture.discover=off ARGS</c> and waits until it listens.</summary>
    public static HostProcess Start(string dataDir, IDictionary<string, string>? env = null, params string[] args)
    {
        var psi = WeirProcess.StartInfo(["run", "--data", dataDir, "--api", "127.0.0.1:0", "--set", "weir.capture.discover=off", .. args]);
        psi.Environment.Remove("WEIR_API_TOKEN");
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var host = new HostProcess(Process.Start(psi)!);
        _ = host.Port;
        return host;
    }

    public HttpClient Client(string? token = null)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://{Host}/"), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit status and how long it took.</summary>
    public (int Exit, TimeSpan Took) Terminate(TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException("weir run did not exit after SIGTERM:\n" + Stderr);
        }

        _process.WaitForExit();
        return (_process.ExitCode, sw.Elapsed);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"listening on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningRegex();
}
