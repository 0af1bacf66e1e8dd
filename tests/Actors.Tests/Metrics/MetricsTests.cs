using System.Diagnostics;
using Weir.Actors.Capture;
using Weir.Actors.Kernel;
using Weir.Actors.Metrics;
using Weir.Actors.Tests.Support;
using Weir.Actors.Writeout;
using Weir.Tests.Shared;

namespace Weir.Actors.Tests.Metrics;

public class MetricsTests : TestKit.TestKit
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private async Task<string> Scrape(bool ifaceLabel)
    {
        var settings = TestSettings.Load(("weir.metrics.iface-label", ifaceLabel ? "on" : "off"));
        var h = new ActorsHarness(Sys, settings);
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0"), InterfaceConfig.Named("eth1")]), s_timeout);
        ((FakeSource)h.WaitForSource("eth0")).Send(300);
        ((FakeSource)h.WaitForSource("eth1")).Send(200);
        await AwaitConditionAsync(() => h.Refs.Registry.Interfaces.Sum(c => c.PacketsProcessed) == 500, s_timeout);
        await h.Refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);
        await h.Refs.Writeout.Ask<Flushed>(Flush.Instance, s_timeout);
        await AwaitConditionAsync(() => h.Refs.Registry.WriteoutDuration.Count == 2, s_timeout);
        return (await h.Refs.Metrics.Ask<MetricsText>(GetMetricsText.Instance, s_timeout)).Text;
    }

    [Fact]
    public async Task GetMetricsText_PerInterface_CountsPacketsByInterface()
    {
        string text = await Scrape(ifaceLabel: true);

        Assert.Contains("weir_packets_received_total{iface=\"eth0\"} 300\n", text);
        Assert.Contains("weir_packets_received_total{iface=\"eth1\"} 200\n", text);
        Assert.Contains("weir_flow_packets_total{iface=\"eth0\",direction=\"sent\"} 300\n", text);
        Assert.Contains("weir_interfaces_capturing 2\n", text);
        Assert.Contains("weir_writeout_blocks_total 2\n", text);
        Assert.Contains("weir_rotation_duration_seconds_count 1\n", text);
        Assert.Contains("weir_writeout_duration_seconds_bucket{le=\"+Inf\"} 2\n", text);
    }

    [Fact]
    public async Task GetMetricsText_IfaceLabelOff_SumsAcrossInterfaces()
    {
        string text = await Scrape(ifaceLabel: false);

        Assert.Contains("weir_packets_received_total 500\n", text);
        Assert.Contains("weir_dropped_packets_total{reason=\"local-buffer-full\"} 0\n", text);
        Assert.DoesNotContain("iface=", text);
    }

    [SkippableFact]
    public async Task GetMetricsText_PromtoolCheckMetrics_Passes()
    {
        string promtool = Requires.Executable("promtool");
        string text = await Scrape(ifaceLabel: true);
        var registry = new CaptureRegistry();

        foreach (string metrics in new[] { text, PrometheusText.Render(registry, ifaceLabel: false) })
        {
            var psi = new ProcessStartInfo(promtool, "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            await p.StandardInput.WriteAsync(metrics);
            p.StandardInput.Close();
            string output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();

            Assert.True(p.ExitCode == 0, output);
            Assert.Equal(string.Empty, output.Trim());
        }
    }
}
