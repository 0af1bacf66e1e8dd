using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class CoordinatedShutdownTests(ITestOutputHelper output) : TestKit.TestKit(output: output)
{
    private static ActorSystemSettings Phases(TimeSpan? bTimeout = null, bool bRecover = true) => ActorSystemSettings.Default with
    {
        StdoutLogger = false,
        ShutdownPhases = new Dictionary<string, ShutdownPhaseDefinition>
        {
            ["c"] = new(["b"]),
            ["a"] = new([]),
            ["b"] = new(["a"], bTimeout, bRecover),
            [CoordinatedShutdown.PhaseActorSystemTerminate] = new(["c"]),
        },
    };

    [Fact]
    public void Default_phases_are_in_Akka_order()
    {
        var cs = CoordinatedShutdown.Get(Sys);
        Assert.Equal(
            [
                "before-service-unbind", "service-unbind", "service-requests-done", "service-stop", "before-cluster-shutdown",
                "cluster-sharding-shutdown-region", "cluster-leave", "cluster-exiting", "cluster-exiting-done", "cluster-shutdown",
                "before-actor-system-terminate", "actor-system-terminate",
            ],
            cs.OrderedPhases);
        Assert.Equal(TimeSpan.FromSeconds(10), cs.Phases["cluster-exiting"].Timeout);
    }

    [Fact]
    public async Task Shutdown_runs_phases_in_order_and_tasks_of_a_phase_in_parallel()
    {
        var system = ActorSystem.Create("cs1", Phases());
        var cs = CoordinatedShutdown.Get(system);
        var order = new ConcurrentQueue<string>();
        var bothStarted = new CountdownEvent(2);
        cs.AddTask("c", "c1", () => Record(order, "c1"));
        cs.AddTask("a", "a1", () => Record(order, "a1"));
        cs.AddTask("b", "b1", async () =>
        {
            bothStarted.Signal();
            await Task.Run(() => bothStarted.Wait(TimeSpan.FromSeconds(3)));
            order.Enqueue("b1");
            return Done.Instance;
        });
        cs.AddTask("b", "b2", async () =>
        {
            bothStarted.Signal();
            await Task.Run(() => bothStarted.Wait(TimeSpan.FromSeconds(3)));
            order.Enqueue("b2");
            return Done.Instance;
        });
        await cs.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(TimeSpan.FromSeconds(10));
        var list = order.ToList();
        Assert.Equal("a1", list[0]);
        Assert.Equal(["b1", "b2"], list.Skip(1).Take(2).Order());
        Assert.Equal("c1", list[3]);
        Assert.True(bothStarted.IsSet, "the two tasks of phase b ran at the same time");
        Assert.True(system.WhenTerminated.IsCompleted, "the last phase terminates the system");
    }

    [Fact]
    public async Task Shutdown_phase_timeout_moves_on()
    {
        var system = ActorSystem.Create("cs2", Phases(TimeSpan.FromMilliseconds(100)));
        var cs = CoordinatedShutdown.Get(system);
        var ran = new ConcurrentQueue<string>();
        cs.AddTask("b", "hangs", () => new TaskCompletionSource<Done>().Task);
        cs.AddTask("c", "after", () => Record(ran, "c"));
        await cs.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["c"], ran);
    }

    [Fact]
    public async Task Shutdown_phase_timeout_without_recover_skips_the_rest()
    {
        var system = ActorSystem.Create("cs3", Phases(TimeSpan.FromMilliseconds(100), bRecover: false));
        var cs = CoordinatedShutdown.Get(system);
        var ran = new ConcurrentQueue<string>();
        cs.AddTask("b", "hangs", () => new TaskCompletionSource<Done>().Task);
        cs.AddTask("c", "after", () => Record(ran, "c"));
        await Assert.ThrowsAsync<TimeoutException>(() => cs.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(ran);
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Shutdown_Run_is_idempotent_and_runs_on_Terminate()
    {
        var system = ActorSystem.Create("cs4", Phases());
        var cs = CoordinatedShutdown.Get(system);
        int runs = 0;
        cs.AddTask("a", "count", () =>
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult(Done.Instance);
        });
        var terminate = system.Terminate();
        var first = cs.Run(CoordinatedShutdown.UnknownReason.Instance);
        var second = cs.Run(CoordinatedShutdown.UnknownReason.Instance);
        Assert.Same(first, second);
        await first.WaitAsync(TimeSpan.FromSeconds(5));
        await terminate.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, runs);
        Assert.IsType<CoordinatedShutdown.ActorSystemTerminateReason>(cs.ShutdownReason);
    }

    [Fact]
    public void Shutdown_rejects_unknown_phase_and_cycles()
    {
        Assert.Throws<ArgumentException>(() => CoordinatedShutdown.Get(Sys).AddTask("nope", "x", () => Task.FromResult(Done.Instance)));
        var cyclic = new Dictionary<string, ShutdownPhaseDefinition> { ["x"] = new(["y"]), ["y"] = new(["x"]) };
        Assert.Throws<ArgumentException>(() => CoordinatedShutdown.TopologicalSort(cyclic));
    }

    [Fact]
    public async Task Shutdown_signal_hook_runs_the_phases_and_flushes()
    {
        var system = ActorSystem.Create("cs5", ActorSystemSettings.Default with { StdoutLogger = false });
        var cs = CoordinatedShutdown.Get(system);
        bool flushed = false;
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "flush-flows", () =>
        {
            flushed = true;
            return Task.FromResult(Done.Instance);
        });
        await cs.OnSignal(PosixSignal.SIGTERM).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(flushed);
        Assert.Equal(PosixSignal.SIGTERM, Assert.IsType<CoordinatedShutdown.SignalReason>(cs.ShutdownReason).Signal);
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    [SkippableFact]
    public async Task Shutdown_real_SIGTERM_runs_the_phases_and_flushes()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "needs POSIX signals");
        var system = ActorSystem.Create("cs6", ActorSystemSettings.Default with { StdoutLogger = false });
        var cs = CoordinatedShutdown.Get(system);
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "flush-flows", () =>
        {
            flushed.TrySetResult();
            return Task.FromResult(Done.Instance);
        });
        cs.EnableSignalHandlers();
        try
        {
            // The handler cancels the runtime's default exit, so signalling this very process is safe.
            Assert.Equal(0, kill(getpid(), 15));
            await flushed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await system.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.IsType<CoordinatedShutdown.SignalReason>(cs.ShutdownReason);
        }
        finally
        {
            cs.DisableSignalHandlers();
        }
    }

    private static Task<Done> Record(ConcurrentQueue<string> order, string name)
    {
        order.Enqueue(name);
        return Task.FromResult(Done.Instance);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern int getpid();
}
