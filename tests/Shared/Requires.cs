using System.Runtime.InteropServices;

namespace Weir.Tests.Shared;

/// <summary>
/// Preconditions of tests that need something the machine may lack (root, network namespaces, a server, the
/// shared capture corpus). Outside CI an unmet precondition skips the test with a message that says why; with
/// <c>CI=true</c> it fails the test, because CI prepares the machine and a skip there would hide a gap.
/// Use with <c>[SkippableFact]</c> / <c>[SkippableTheory]</c>.
/// </summary>
public static class Requires
{
    /// <summary>Whether the tests run under CI (<c>CI=true</c>), where nothing may be skipped.</summary>
    public static bool InCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ||
        Environment.GetEnvironmentVariable("CI") == "1";

    /// <summary>Skips (or, in CI, fails) the test with <paramref name="reason"/> when <paramref name="condition"/> is false.</summary>
    public static void That(bool condition, string reason)
    {
        if (condition)
        {
            return;
        }

        if (InCi)
        {
            throw new InvalidOperationException($"CI=true requires this test to run, but: {reason}");
        }

        Skip.If(true, reason);
    }

    /// <summary>Requires root (uid 0): raw sockets, network namespaces and veth pairs.</summary>
    public static void Root() =>
        That(OperatingSystem.IsLinux() && geteuid() == 0, "needs root on Linux (raw sockets, network namespaces); run as root or in CI");

    /// <summary>Requires an executable on PATH, e.g. <c>ip</c> or <c>promtool</c>.</summary>
    public static string Executable(string name)
    {
        string? found = FindOnPath(name);
        That(found is not null, $"needs '{name}' on PATH (.ci/run installs it)");
        return found!;
    }

    /// <summary>The repository root (the folder holding Engine.sln), found from the test's base directory.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Engine.sln not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Requires the shared capture corpus (<c>WEIR_PCAPS</c>, else <c>../shared/pcaps</c> beside the repository) and returns its path.</summary>
    public static string PcapCorpus()
    {
        string path = Environment.GetEnvironmentVariable("WEIR_PCAPS") is { Length: > 0 } fromEnvironment
            ? Path.GetFullPath(fromEnvironment)
            : Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "pcaps"));
        That(File.Exists(Path.Combine(path, "EXPECTED.jsonl")), $"needs the shared capture corpus at {path} (absent on this machine)");
        return path;
    }

    private static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
