using System.Diagnostics;

namespace Weir.Host.Tests.Cli;

/// <summary>Runs the built <c>weir</c> executable (copied beside the tests) as a child process.</summary>
internal static class WeirProcess
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "weir");

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }

    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using Process p = Process.Start(StartInfo(args))!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill();
            throw new TimeoutException("weir " + string.Join(' ', args));
        }

        return (p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
