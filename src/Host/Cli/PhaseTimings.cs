using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Weir.Host.Cli;

/// <summary>
/// Phase times of one command printed to stderr when <c>WEIR_TIMINGS=1</c> is set (for profiling without a
/// tracer): wall time since the previous mark, process CPU time (user + system) and GC counts. Disabled, each
/// mark is a null check.
/// </summary>
internal sealed class PhaseTimings
{
    private static readonly PhaseTimings s_disabled = new(enabled: false);

    private readonly bool _enabled;
    private readonly StringBuilder _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastWall;
    private TimeSpan _lastCpu;

    private PhaseTimings(bool enabled)
    {
        _enabled = enabled;
        if (enabled)
        {
            using var self = Process.GetCurrentProcess();
            // The first line covers runtime start-up, command-line parsing and JIT up to the first mark's caller.
            TimeSpan sinceStart = DateTime.Now - self.StartTime;
            _lines.Append(CultureInfo.InvariantCulture, $"weir timings: startup {sinceStart.TotalMilliseconds:F1} ms wall, {self.TotalProcessorTime.TotalMilliseconds:F1} ms cpu\n");
            _lastCpu = self.TotalProcessorTime;
        }
    }

    /// <summary>An instance that records when <c>WEIR_TIMINGS</c> is set to 1, else a shared disabled one.</summary>
    public static PhaseTimings FromEnvironment() =>
        Environment.GetEnvironmentVariable("WEIR_TIMINGS") == "1" ? new PhaseTimings(enabled: true) : s_disabled;

    /// <summary>Ends the phase named <paramref name="phase"/>.</summary>
    public void Mark(string phase)
    {
        if (!_enabled)
        {
            return;
        }

        using var self = Process.GetCurrentProcess();
        TimeSpan wall = _clock.Elapsed;
        TimeSpan cpu = self.TotalProcessorTime;
        _lines.Append(CultureInfo.InvariantCulture,
            $"weir timings: {phase,-12} {(wall - _lastWall).TotalMilliseconds,8:F1} ms wall {(cpu - _lastCpu).TotalMilliseconds,8:F1} ms cpu; gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, {GC.GetTotalAllocatedBytes() >> 20} MiB allocated\n");
        _lastWall = wall;
        _lastCpu = cpu;
    }

    /// <summary>Prints the phases to stderr.</summary>
    public void Report()
    {
        if (_enabled)
        {
            Console.Error.Write(_lines.ToString());
        }
    }
}
