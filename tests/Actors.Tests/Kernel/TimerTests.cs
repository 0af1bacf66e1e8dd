using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class TimerTests(ITestOutputHelper output) : TestKit.TestKit(output: output, virtualTime: true)
{
    [Fact]
    public void Timer_rekeying_never_delivers_a_stale_tick()
    {
        var probe = CreateTestProbe();
        var gate = new ManualResetEventSlim(false);
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(probe.Ref, gate)));
        actor.Tell(new StartTimer("tick1", TimeSpan.FromSeconds(1), false));
        probe.ExpectMsg("started:tick1");
        actor.Tell("block");
        probe.ExpectMsg("blocked");
        actor.Tell(new StartTimer("tick2", TimeSpan.FromSeconds(1), false));
        // tick1 fires into the mailbox behind the re-key: it is stale when it is dequeued.
        VirtualTime.Advance(TimeSpan.FromSeconds(1));
        gate.Set();
        probe.ExpectMsg("started:tick2");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        VirtualTime.Advance(TimeSpan.FromSeconds(1));
        probe.ExpectMsg("tick2");
        actor.Tell("active?");
        ExpectMsg(false);
    }

    [Fact]
    public void Timer_periodic_repeats_until_cancelled()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(probe.Ref, new ManualResetEventSlim(true))));
        actor.Tell(new StartTimer("p", TimeSpan.FromSeconds(1), true));
        probe.ExpectMsg("started:p");
        for (int i = 0; i < 3; i++)
        {
            VirtualTime.Advance(TimeSpan.FromSeconds(1));
            probe.ExpectMsg("p");
        }

        actor.Tell("active?");
        ExpectMsg(true);
        actor.Tell("cancel");
        probe.ExpectMsg("cancelled");
        VirtualTime.Advance(TimeSpan.FromSeconds(5));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Timers_die_on_restart()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(probe.Ref, new ManualResetEventSlim(true))));
        actor.Tell(new StartTimer("p", TimeSpan.FromSeconds(1), true));
        probe.ExpectMsg("started:p");
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => actor.Tell("fail"));
        actor.Tell("active?");
        ExpectMsg(false);
        VirtualTime.Advance(TimeSpan.FromSeconds(3));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Timers_die_on_stop()
    {
        var probe = CreateTestProbe();
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(probe.Ref, new ManualResetEventSlim(true))));
        actor.Tell(new StartTimer("p", TimeSpan.FromSeconds(1), true));
        probe.ExpectMsg("started:p");
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        VirtualTime.Advance(TimeSpan.FromSeconds(3));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        deadLetters.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void ScheduleTellOnce_fires_at_the_virtual_due_time_and_can_be_cancelled()
    {
        var probe = CreateTestProbe();
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), probe.Ref, "once", null);
        var cancelled = Sys.Scheduler.ScheduleTellOnceCancelable(TimeSpan.FromSeconds(2), probe.Ref, "never", null);
        cancelled.Cancel();
        VirtualTime.Advance(TimeSpan.FromMilliseconds(1999));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        VirtualTime.Advance(TimeSpan.FromMilliseconds(1));
        probe.ExpectMsg("once");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void ScheduleTellRepeatedly_rearms_from_the_tick_that_fired()
    {
        var probe = CreateTestProbe();
        var c = Sys.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), probe.Ref, "r", null);
        VirtualTime.Advance(TimeSpan.FromSeconds(5));
        probe.ExpectMsg("r");
        probe.ExpectMsg("r");
        probe.ExpectMsg("r");
        c.Cancel();
        VirtualTime.Advance(TimeSpan.FromSeconds(10));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 15, TimeSpan.Zero), Sys.TimeProvider.UtcNow);
    }

    [Fact]
    public void ReceiveTimeout_is_sliding()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new IdleActor(probe.Ref)));
        probe.ExpectMsg("ready");
        // The timeout is (re)scheduled after the actor's code ran: wait for it before moving virtual time.
        AwaitCondition(() => VirtualTime.PendingCount == 1, TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(5));
        VirtualTime.Advance(TimeSpan.FromMilliseconds(900));
        actor.Tell("keepalive");
        probe.ExpectMsg("keepalive");
        AwaitCondition(() => VirtualTime.PendingCount == 2, TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(5));
        VirtualTime.Advance(TimeSpan.FromMilliseconds(900));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        VirtualTime.Advance(TimeSpan.FromMilliseconds(100));
        probe.ExpectMsg("idle");
    }

    private sealed record StartTimer(string Message, TimeSpan Delay, bool Periodic);

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public TimerActor(IActorRef probe, ManualResetEventSlim gate)
        {
            Receive<StartTimer>(s =>
            {
                if (s.Periodic)
                {
                    Timers.StartPeriodicTimer("key", s.Message, s.Delay);
                }
                else
                {
                    Timers.StartSingleTimer("key", s.Message, s.Delay);
                }

                probe.Tell("started:" + s.Message, Self);
            });
            Receive<string>(s => s == "block", _ =>
            {
                probe.Tell("blocked", Self);
                gate.Wait(TimeSpan.FromSeconds(5));
            });
            Receive<string>(s => s == "active?", _ => Sender.Tell(Timers.IsTimerActive("key"), Self));
            Receive<string>(s => s == "cancel", _ =>
            {
                Timers.Cancel("key");
                probe.Tell("cancelled", Self);
            });
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => probe.Tell(s, Self));
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }

    private sealed class IdleActor : ReceiveActor
    {
        public IdleActor(IActorRef probe)
        {
            Context.SetReceiveTimeout(TimeSpan.FromSeconds(1));
            Receive<ReceiveTimeout>(_ => probe.Tell("idle", Self));
            Receive<string>(s => probe.Tell(s, Self));
            probe.Tell("ready", Self);
        }
    }
}
