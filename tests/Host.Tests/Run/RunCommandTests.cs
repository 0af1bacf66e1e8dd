using System.Net;
using Weir.Host.Tests.Cli;

namespace Weir.Host.Tests.Run;

public sealed class RunCommandTests
{
    [Fact]
    public void Run_BadConfigValue_OneLineNamingKeyFileAndLineExit2()
    {
        using var dir = new TempDir();
        string file = Path.Combine(dir.Path, "weir.hocon");
        File.WriteAllText(file, "weir {\n  rotation {\n    interval = fast\n  }\n}\n");

        var (exit, stdout, stderr) = WeirProcess.Run("run", "--config", file, "--data", dir.Path);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        string line = Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("weir: config: weir.rotation.interval:", line, StringComparison.Ordinal);
        Assert.Contains($"{file}:3", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SyntaxErrorInIncludedFile_NamesThatFileExit2()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "inner.hocon"), "weir.rotation {\n  interval = \n");
        string file = Path.Combine(dir.Path, "weir.hocon");
        File.WriteAllText(file, "include \"inner.hocon\"\n");

        var (exit, _, stderr) = WeirProcess.Run("run", "--config", file, "--data", dir.Path);

        Assert.Equal(2, exit);
        Assert.StartsWith("weir: config: ", stderr, StringComparison.Ordinal);
        Assert.Contains("inner.hocon", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingConfigFile_Exit2()
    {
        var (exit, _, stderr) = WeirProcess.Run("run", "--config", "/nonexistent/weir.hocon");

        Assert.Equal(2, exit);
        Assert.StartsWith("weir: config: /nonexistent/weir.hocon: configuration file not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NonLoopbackApiWithoutToken_RefusesToStartExit2()
    {
        using var dir = new TempDir();
        var psi = WeirProcess.StartInfo("run", "--data", dir.Path, "--api", "0.0.0.0:0");
        psi.Environment.Remove("WEIR_API_TOKEN");
        using var p = System.Diagnostics.Process.Start(psi)!;
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000));

        Assert.Equal(2, p.ExitCode);
        Assert.Contains("weir: config: weir.api.bind: 0.0.0.0:0 is not a loopback address: set weir.api.token", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PrintConfig_ShowsOverriddenKeys()
    {
        var (exit, stdout, _) = WeirProcess.Run("run", "--print-config", "--data", "/srv/weir", "-i", "eth7", "--set", "weir.rotation.interval=60s");

        Assert.Equal(0, exit);
        Assert.Contains("data-dir = \"/srv/weir\"", stdout, StringComparison.Ordinal);
        Assert.Contains("path = \"/srv/weir/db\"", stdout, StringComparison.Ordinal);
        Assert.Contains("interfaces = [eth7]", stdout, StringComparison.Ordinal);
        Assert.Contains("interval = 60s", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Started_HealthAnswersAndSigtermExitsZeroPromptly()
    {
        using var dir = new TempDir();
        using var host = HostProcess.Start(dir.Path);
        using var http = host.Client();

        var health = await http.GetAsync(new Uri("health", UriKind.Relative));
        string actors = await http.GetStringAsync(new Uri("actors", UriKind.Relative));
        var (exit, took) = host.Terminate(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"/user/capture\"", actors, StringComparison.Ordinal);
        Assert.Contains("# actors", host.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, exit);
        Assert.True(took < TimeSpan.FromSeconds(15), $"shutdown took {took}");
        Assert.Contains("stopped (SignalReason(SIGTERM))", host.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_WithToken_401WithoutBearerAnd200With()
    {
        using var dir = new TempDir();
        using var host = HostProcess.Start(dir.Path, new Dictionary<string, string> { ["WEIR_API_TOKEN"] = "s3cret" });
        using var anonymous = host.Client();
        using var wrong = host.Client("nope");
        using var right = host.Client("s3cret");

        var none = await anonymous.GetAsync(new Uri("status", UriKind.Relative));
        var bad = await wrong.GetAsync(new Uri("metrics", UriKind.Relative));
        var ok = await right.GetAsync(new Uri("status", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var (exitNoToken, _, errNoToken) = RunAdmin(host, "status", "--host", host.Host);
        Assert.Equal(1, exitNoToken);
        Assert.Contains("requires a token", errNoToken, StringComparison.Ordinal);
        var (exitToken, outToken, _) = RunAdmin(host, "status", "--host", host.Host, "--token", "s3cret", "--format", "json");
        Assert.Equal(0, exitToken);
        Assert.Contains("\"interfaces\"", outToken, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Sighup_ReloadsInterfacesFromConfigFile()
    {
        using var dir = new TempDir();
        string file = Path.Combine(dir.Path, "weir.hocon");
        File.WriteAllText(file, "weir.capture.interfaces = [weirhup0]\n");
        using var host = HostProcess.Start(dir.Path, null, "--config", file, "--log-format", "json");
        File.WriteAllText(file, "weir.capture.interfaces = [weirhup0, weirhup1]\n");

        using (var hup = System.Diagnostics.Process.Start("kill", ["-HUP", host.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            hup.WaitForExit();
        }

        string list = "";
        for (int i = 0; i < 100 && !list.Contains("\"name\":\"weirhup1\",\"enabled\":true", StringComparison.Ordinal); i++)
        {
            Thread.Sleep(100);
            list = WeirProcess.Run("capture", "list", "--host", host.Host, "--format", "json").Stdout;
        }

        Assert.Contains("\"name\":\"weirhup1\",\"enabled\":true", list, StringComparison.Ordinal);
        Assert.Contains("\"message\":\"SIGHUP: interfaces reloaded: [weirhup0, weirhup1]\"", host.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, host.Terminate(TimeSpan.FromSeconds(30)).Exit);
    }

    [Fact]
    public async Task Api_PutConfigAndBadQuery_AppliedAndExit2()
    {
        using var dir = new TempDir();
        using var host = HostProcess.Start(dir.Path);
        using var http = host.Client();

        using var body = new StringContent("{\"interfaces\":[\"weirput0\"]}", System.Text.Encoding.UTF8, "application/json");
        var put = await http.PutAsync(new Uri("config", UriKind.Relative), body);
        string config = await http.GetStringAsync(new Uri("config", UriKind.Relative));
        var (exit, stdout, stderr) = WeirProcess.Run("query", "--host", host.Host, "-c", "dport = ");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains("\"interfaces\":[\"weirput0\"]", config, StringComparison.Ordinal);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("weir: query: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_NoHostRunning_CannotReachExit1()
    {
        var (exit, _, stderr) = WeirProcess.Run("status", "--host", "127.0.0.1:1");

        Assert.Equal(1, exit);
        Assert.Equal("weir: cannot reach the Weir host at 127.0.0.1:1 (is weir run running?)", stderr.TrimEnd());
    }

    [Fact]
    public void Capture_EnabledThroughShell_StillEnabledAfterRestart()
    {
        using var dir = new TempDir();
        using (var host = HostProcess.Start(dir.Path))
        {
            var (exit, stdout, stderr) = RunShellScript(host.Host, "capture enable weirtest9\ncapture list\n");
            Assert.True(exit == 0, stderr);
            Assert.Contains("weirtest9: capture enabled", stdout, StringComparison.Ordinal);
            Assert.Equal(0, host.Terminate(TimeSpan.FromSeconds(30)).Exit);
        }

        using (var again = HostProcess.Start(dir.Path))
        {
            var (exit, stdout, _) = WeirProcess.Run("capture", "list", "--host", again.Host, "--format", "json");
            Assert.Equal(0, exit);
            Assert.Contains("\"name\":\"weirtest9\",\"enabled\":true", stdout, StringComparison.Ordinal);
            Assert.Equal(0, again.Terminate(TimeSpan.FromSeconds(30)).Exit);
        }
    }

    [Fact]
    public void Query_DataDirOfAHost_ReadsItsDb()
    {
        using var dir = new TempDir();
        using (var host = HostProcess.Start(dir.Path))
        {
            Assert.Equal(0, host.Terminate(TimeSpan.FromSeconds(30)).Exit);
        }

        var (exit, stdout, stderr) = WeirProcess.Run("query", "--db", dir.Path, "--format", "json");

        Assert.True(exit == 0, stderr);
        Assert.StartsWith("{", stdout.TrimStart(), StringComparison.Ordinal);
    }

    internal static (int Exit, string Stdout, string Stderr) RunShellScript(string host, string script)
    {
        var psi = WeirProcess.StartInfo("shell", "--host", host);
        psi.RedirectStandardInput = true;
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000));
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static (int, string, string) RunAdmin(HostProcess host, params string[] args)
    {
        _ = host;
        var psi = WeirProcess.StartInfo(args);
        psi.Environment.Remove("WEIR_API_TOKEN");
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000));
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
