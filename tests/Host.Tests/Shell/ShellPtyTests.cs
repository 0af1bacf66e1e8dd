using System.Diagnostics;
using Weir.Host.Tests.Cli;
using Weir.Host.Tests.Run;
using Weir.Tests.Shared;

namespace Weir.Host.Tests.Shell;

/// <summary>The interactive shell driven through a pseudo-terminal (util-linux <c>script</c>).</summary>
public sealed class ShellPtyTests
{
    [SkippableFact]
    public void Shell_InTerminal_TabCompletesAndRunsCommand()
    {
        string script = Requires.Executable("script");
        using var dir = new TempDir();
        using var host = HostProcess.Start(dir.Path, null, "-i", "weirpty0");
        string history = Path.Combine(dir.Path, "history");

        var psi = new ProcessStartInfo(script)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-qfc", $"{WeirProcess.Executable} shell --host {host.Host}", "/dev/null" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["TERM"] = "xterm";
        psi.Environment["WEIR_HISTORY"] = history;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        void Send(string keys, int pauseMs = 400)
        {
            Thread.Sleep(pauseMs);
            p.StandardInput.Write(keys);
            p.StandardInput.Flush();
        }

        Send("", 2000);
        Send("cap");
        Send("\t");          // capture
        Send("li\t");        // list
        Send("\r", 400);
        Send("capture disable weirp");
        Send("\t");          // weirpty0, from /status
        Send("\r", 400);
        Send("\u0004", 1500); // Ctrl-D leaves
        Assert.True(p.WaitForExit(30_000), "the shell did not leave on Ctrl-D");
        string text = output.Result;

        Assert.Contains($"[{host.Host}] weir> ", text, StringComparison.Ordinal);
        Assert.Contains("capture list", text, StringComparison.Ordinal);
        Assert.Contains("weirpty0  yes", text, StringComparison.Ordinal);
        Assert.Contains("capture disable weirpty0 ", text, StringComparison.Ordinal);
        Assert.Contains("weirpty0: capture disabled", text, StringComparison.Ordinal);
        Assert.Equal(["capture list", "capture disable weirpty0"], File.ReadAllLines(history));
    }

    [Fact]
    public void Shell_StdinNotTerminal_RunsLinesAndReportsUnknown()
    {
        using var dir = new TempDir();
        using var host = HostProcess.Start(dir.Path, null, "-i", "weirscr0");

        var (exit, stdout, stderr) = RunCommandTests.RunShellScript(host.Host, "# a comment\nstatus\nactors\nnosuch\n");

        Assert.Equal(2, exit);
        Assert.Contains("weirscr0", stdout, StringComparison.Ordinal);
        Assert.Contains("/user/capture", stdout, StringComparison.Ordinal);
        Assert.Contains("weir: unknown command 'nosuch' (try help)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("weir> ", stdout, StringComparison.Ordinal);
    }
}
