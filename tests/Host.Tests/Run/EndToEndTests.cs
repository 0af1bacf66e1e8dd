using System.Diagnostics;
using Weir.Host.Tests.Cli;
using Weir.Tests.Shared;

namespace Weir.Host.Tests.Run;

/// <summary>
/// The end-to-end run: veth pairs into a network namespace, <c>weir run</c>, traffic, rotation and queries
/// through the shell matching the database, a second interface enabled through the shell, SIGTERM writing the last
/// interval, and a restart that keeps the second interface enabled.
/// </summary>
public sealed class EndToEndTests
{
    [SkippableFact]
    public void Host_VethTraffic_ShellAndDbAgreeAndStateSurvivesRestart()
    {
        Requires.Root();
        Requires.Executable("ip");
        string id = Guid.NewGuid().ToString("N")[..6];
        string ns = "weirns" + id;
        string a = "wa" + id;
        string c = "wc" + id;
        try
        {
            Sh($"ip netns add {ns}");
            Sh($"ip link add {a} type veth peer name wb{id}");
            Sh($"ip link add {c} type veth peer name wd{id}");
            Sh($"ip link set wb{id} netns {ns}");
            Sh($"ip link set wd{id} netns {ns}");
            Sh($"ip addr add 10.213.7.1/30 dev {a}");
            Sh($"ip addr add 10.213.8.1/30 dev {c}");
            Sh($"ip link set {a} up");
            Sh($"ip link set {c} up");
            Sh($"ip netns exec {ns} ip addr add 10.213.7.2/30 dev wb{id}");
            Sh($"ip netns exec {ns} ip addr add 10.213.8.2/30 dev wd{id}");
            Sh($"ip netns exec {ns} ip link set wb{id} up");
            Sh($"ip netns exec {ns} ip link set wd{id} up");
            Sh($"ip netns exec {ns} ip link set lo up");

            using var dir = new TempDir();
            string[] args = ["-i", a, "--set", "weir.rotation.interval=1h"];
            using (var host = HostProcess.Start(dir.Path, null, args))
            {
                WaitCapturing(host, a);
                SendUdp(ns, "10.213.7.1", 5353, 40);
                WaitPackets(host, a, 40);

                var (rotateExit, rotateOut, rotateErr) = RunCommandTests.RunShellScript(host.Host, "capture rotate\n");
                Assert.True(rotateExit == 0, rotateErr);
                Assert.Contains("rotated", rotateOut, StringComparison.Ordinal);
                string condition = "'host = 10.213.7.2 & proto = udp'";
                var (qExit, viaShell, qErr) = RunCommandTests.RunShellScript(host.Host, $"query -c {condition} -n 0 --format csv sip,dip\n");
                var (dbExit, fromDb, dbErr) = WeirProcess.Run("query", "--db", dir.Path, "-c", "host = 10.213.7.2 & proto = udp", "-n", "0", "--format", "csv", "sip,dip");
                Assert.True(qExit == 0, qErr);
                Assert.True(dbExit == 0, dbErr);
                Assert.Equal(fromDb, viaShell);
                Assert.True(fromDb.Contains("10.213.7.", StringComparison.Ordinal), fromDb);
                Assert.Equal(40, Packets(fromDb));

                var (enExit, enOut, enErr) = RunCommandTests.RunShellScript(host.Host, $"capture enable {c}\n");
                Assert.True(enExit == 0, enErr);
                Assert.Contains($"{c}: capture enabled", enOut, StringComparison.Ordinal);
                WaitCapturing(host, c);

                SendUdp(ns, "10.213.8.1", 5354, 25);
                WaitPackets(host, c, 25);
                var (exit, took) = host.Terminate(TimeSpan.FromSeconds(60));
                Assert.Equal(0, exit);
                Assert.True(took < TimeSpan.FromSeconds(30), $"shutdown took {took}");
            }

            var (lastExit, last, lastErr) = WeirProcess.Run("query", "--db", dir.Path, "-c", "host = 10.213.8.2 & proto = udp", "-n", "0", "--format", "csv", "sip,dip");
            Assert.True(lastExit == 0, lastErr);
            Assert.Equal(25, Packets(last));

            using (var again = HostProcess.Start(dir.Path, null, args))
            {
                WaitCapturing(again, c);
                var (listExit, list, _) = WeirProcess.Run("capture", "list", "--host", again.Host, "--format", "json");
                Assert.Equal(0, listExit);
                Assert.Contains($"\"name\":\"{c}\",\"enabled\":true", list, StringComparison.Ordinal);
                var (statusExit, status, _) = WeirProcess.Run("status", "--host", again.Host, "--format", "json");
                Assert.Equal(0, statusExit);
                Assert.Contains($"\"writtenUntil\":{{\"{a}\":", status, StringComparison.Ordinal);
                Assert.Equal(0, again.Terminate(TimeSpan.FromSeconds(60)).Exit);
            }
        }
        finally
        {
            Sh($"ip link del {a}", check: false);
            Sh($"ip link del {c}", check: false);
            Sh($"ip netns del {ns}", check: false);
        }
    }

    private static long Packets(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
        .Select(l => l.Split(','))
        .Sum(f => long.Parse(f[^1], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(f[^2], System.Globalization.CultureInfo.InvariantCulture));

    private static void SendUdp(string ns, string to, int port, int count) =>
        Sh($"ip netns exec {ns} bash -c 'for i in $(seq {count}); do echo weir-e2e > /dev/udp/{to}/{port}; sleep 0.01; done'");

    private static void WaitCapturing(HostProcess host, string iface) =>
        WaitFor(host, s => s.Contains($"\"name\":\"{iface}\",\"enabled\":true,\"state\":\"capturing\"", StringComparison.Ordinal), $"{iface} capturing");

    private static void WaitPackets(HostProcess host, string iface, long atLeast) =>
        WaitFor(host, s =>
        {
            int i = s.IndexOf($"\"name\":\"{iface}\"", StringComparison.Ordinal);
            if (i < 0)
            {
                return false;
            }

            int p = s.IndexOf("\"packets\":", i, StringComparison.Ordinal) + "\"packets\":".Length;
            int end = s.IndexOfAny([',', '}'], p);
            return long.Parse(s[p..end], System.Globalization.CultureInfo.InvariantCulture) >= atLeast;
        }, $"{atLeast} packets on {iface}");

    private static void WaitFor(HostProcess host, Func<string, bool> ok, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var (exit, stdout, _) = WeirProcess.Run("capture", "list", "--host", host.Host, "--format", "json");
            last = stdout;
            if (exit == 0 && ok(stdout))
            {
                return;
            }

            Thread.Sleep(200);
        }

        Assert.Fail($"timed out waiting for {what}; last status: {last}\n{host.Stderr}");
    }

    private static void Sh(string command, bool check = true)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (check && p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command}: exit {p.ExitCode}: {err}");
        }
    }
}
