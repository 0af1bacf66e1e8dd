using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class BackoffTests(ITestOutputHelper output) : TestKit.TestKit(output: output, virtualTime: true)
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void Backoff_grows_1_2_4_up_to_30_s_and_resets_after_a_stable_run()
    {
        var probe = CreateTestProbe();
        var options = Backoff.OnFailure(Props.Create(() => new FailingActor(probe.Ref)), "eth0", Min, Max, 0);
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(options), "capture");
        probe.ExpectMsg("started");

        using (EventFilter.Exception<InvalidOperationException>().Mute())
        {
            int[] expected = [1, 2, 4, 8, 16, 30, 30];
            for (int n = 0; n < expected.Length; n++)
            {
                supervisor.Tell("fail");
                AwaitRestartCount(supervisor, n + 1);
                VirtualTime.Advance(TimeSpan.FromSeconds(expected[n]) - TimeSpan.FromMilliseconds(1));
                probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
                VirtualTime.Advance(TimeSpan.FromMilliseconds(1));
                probe.ExpectMsg("started", hint: $"restart {n + 1} after {expected[n]} s");
            }

            // A stable run of min resets the count: the next failure waits 1 s again. (The round trip makes sure
            // the supervisor has armed its reset timer before virtual time moves.)
            AwaitRestartCount(supervisor, expected.Length);
            VirtualTime.Advance(Min);
            AwaitRestartCount(supervisor, 0);
            supervisor.Tell("fail");
            AwaitRestartCount(supervisor, 1);
            VirtualTime.Advance(Min);
            probe.ExpectMsg("started");
        }
    }

    [Fact]
    public void Backoff_delay_follows_the_formula_with_jitter()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), BackoffSupervisor.CalculateDelay(0, Min, Max, 0.2, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(4.8), BackoffSupervisor.CalculateDelay(2, Min, Max, 0.2, random: 1));
        Assert.Equal(TimeSpan.FromSeconds(36), BackoffSupervisor.CalculateDelay(10, Min, Max, 0.2, random: 1));
        for (int i = 0; i < 100; i++)
        {
            var d = BackoffSupervisor.CalculateDelay(3, Min, Max, 0.2);
            Assert.InRange(d, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(9.6));
        }
    }

    [Fact]
    public void Backoff_messages_are_forwarded_and_go_to_dead_letters_while_the_child_is_down()
    {
        var probe = CreateTestProbe();
        var options = Backoff.OnFailure(Props.Create(() => new FailingActor(probe.Ref)), "child", Min, Max, 0);
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(options));
        probe.ExpectMsg("started");
        supervisor.Tell("hello");
        probe.ExpectMsg("hello");
        using (EventFilter.Exception<InvalidOperationException>().Mute())
        {
            supervisor.Tell("fail");
            AwaitRestartCount(supervisor, 1);
        }

        EventFilter.DeadLetter<string>(s => s == "lost").ExpectOne(() => supervisor.Tell("lost"));
        supervisor.Tell(BackoffSupervisor.GetCurrentChild.Instance);
        Assert.Null(ExpectMsg<BackoffSupervisor.CurrentChild>().Ref);
        VirtualTime.Advance(Min);
        probe.ExpectMsg("started");
        supervisor.Tell("again");
        probe.ExpectMsg("again");
    }

    [Fact]
    public void Backoff_Reset_message_resets_the_count()
    {
        var probe = CreateTestProbe();
        var options = Backoff.OnFailure(Props.Create(() => new FailingActor(probe.Ref)), "child", Min, Max, 0).WithManualReset();
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(options));
        probe.ExpectMsg("started");
        using (EventFilter.Exception<InvalidOperationException>().Mute())
        {
            supervisor.Tell("fail");
            AwaitRestartCount(supervisor, 1);
            VirtualTime.Advance(Min);
            probe.ExpectMsg("started");
            supervisor.Tell(BackoffSupervisor.Reset.Instance);
            AwaitRestartCount(supervisor, 0);
        }
    }

    [Fact]
    public void Backoff_OnStop_restarts_a_child_that_stopped()
    {
        var probe = CreateTestProbe();
        var options = Backoff.OnStop(Props.Create(() => new FailingActor(probe.Ref)), "child", Min, Max, 0);
        var supervisor2 = Sys.ActorOf(BackoffSupervisor.Props(options));
        probe.ExpectMsg("started");
        supervisor2.Tell(BackoffSupervisor.GetCurrentChild.Instance);
        var child = ExpectMsg<BackoffSupervisor.CurrentChild>().Ref!;
        child.Tell(PoisonPill.Instance);
        AwaitRestartCount(supervisor2, 1);
        VirtualTime.Advance(Min);
        probe.ExpectMsg("started");
    }

    private void AwaitRestartCount(IActorRef supervisor, int count) => AwaitAssert(() =>
    {
        supervisor.Tell(BackoffSupervisor.GetRestartCount.Instance);
        Assert.Equal(count, ExpectMsg<BackoffSupervisor.RestartCount>().Count);
    }, TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(10));
}
