using System.Runtime.CompilerServices;
using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class SupervisionTests(ITestOutputHelper output) : TestKit.TestKit(output: output)
{
    private IActorRef Child(IActorRef parent, Props props, string name)
    {
        parent.Tell(new CreateChild(props, name));
        return ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Retry_window_allows_N_restarts_then_stops_with_Terminated()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(new OneForOneStrategy(2, TimeSpan.FromMinutes(1), SupervisorStrategy.DefaultDecider, true))));
        var child = Child(parent, Props.Create(() => new FailingActor(probe.Ref)), "c");
        probe.ExpectMsg("started");
        Watch(child);
        using (EventFilter.Exception<InvalidOperationException>().Mute())
        {
            child.Tell("fail");
            probe.ExpectMsg("started");
            child.Tell("fail");
            probe.ExpectMsg("started");
            child.Tell("fail");
            ExpectTerminated(child);
        }

        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Retry_window_zero_stops_at_once()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(new OneForOneStrategy(0, null, SupervisorStrategy.DefaultDecider, true))));
        var child = Child(parent, Props.Create(() => new FailingActor(probe.Ref)), "c");
        probe.ExpectMsg("started");
        Watch(child);
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => child.Tell("fail"));
        ExpectTerminated(child);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Retry_window_minus_one_restarts_without_limit()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(new OneForOneStrategy(-1, null, SupervisorStrategy.DefaultDecider, true))));
        var child = Child(parent, Props.Create(() => new FailingActor(probe.Ref)), "c");
        probe.ExpectMsg("started");
        using (EventFilter.Exception<InvalidOperationException>().Mute())
        {
            for (int i = 0; i < 20; i++)
            {
                child.Tell("fail");
                probe.ExpectMsg("started");
            }
        }

        child.Tell("alive");
        probe.ExpectMsg("alive");
    }

    [Fact]
    public void Retry_window_count_starts_again_after_the_window_has_passed()
    {
        var stats = new ChildRestartStats(null!);
        var window = TimeSpan.FromSeconds(10);
        Assert.True(stats.RequestRestartPermission(2, window, TimeSpan.FromSeconds(0)));
        Assert.True(stats.RequestRestartPermission(2, window, TimeSpan.FromSeconds(1)));
        Assert.False(stats.RequestRestartPermission(2, window, TimeSpan.FromSeconds(2)));
        Assert.True(stats.RequestRestartPermission(2, window, TimeSpan.FromSeconds(20)), "the window has passed: count resets");
        Assert.True(stats.RequestRestartPermission(2, window, TimeSpan.FromSeconds(21)));
        Assert.False(stats.RequestRestartPermission(2, window, TimeSpan.FromSeconds(22)));
    }

    [Fact]
    public void AllForOne_restarts_the_siblings()
    {
        var p1 = CreateTestProbe();
        var p2 = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(new AllForOneStrategy(SupervisorStrategy.DefaultDecider))));
        var c1 = Child(parent, Props.Create(() => new FailingActor(p1.Ref)), "c1");
        var c2 = Child(parent, Props.Create(() => new FailingActor(p2.Ref)), "c2");
        p1.ExpectMsg("started");
        p2.ExpectMsg("started");
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => c1.Tell("fail"));
        p1.ExpectMsg("started");
        p2.ExpectMsg("started");
        c2.Tell("ping");
        p2.ExpectMsg("ping");
    }

    [Fact]
    public void AllForOne_resume_touches_only_the_failed_child()
    {
        var p1 = CreateTestProbe();
        var p2 = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(new AllForOneStrategy(_ => Directive.Resume))));
        var c1 = Child(parent, Props.Create(() => new LifecycleActor(p1.Ref)), "c1");
        var c2 = Child(parent, Props.Create(() => new LifecycleActor(p2.Ref)), "c2");
        p1.ExpectMsg("prestart");
        p2.ExpectMsg("prestart");
        c1.Tell("x");
        p1.ExpectMsg("x");
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => c1.Tell("fail"));
        c1.Tell("state");
        ExpectMsg(1, hint: "resume keeps the state");
        p1.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        p2.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Decider_sees_the_failing_child_as_Sender()
    {
        var probe = CreateTestProbe();
        var box = new StrongBox<IActorRef?>();
        var parent = Sys.ActorOf(Props.Create(() => new SenderCapturingParent(box)));
        parent.Tell(new CreateChild(Props.Create(() => new FailingActor(probe.Ref)), "c"));
        var child = ExpectMsg<IActorRef>();
        probe.ExpectMsg("started");
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => child.Tell("fail"));
        AwaitCondition(() => Volatile.Read(ref box.Value) is not null, TimeSpan.FromSeconds(3));
        Assert.Equal(child, box.Value);
    }

    [Fact]
    public void Escalate_fails_the_parent_with_the_same_exception()
    {
        var probe = CreateTestProbe();
        var grand = Sys.ActorOf(Props.Create(() => new ParentActor(new OneForOneStrategy(_ => Directive.Stop))), "grand");
        var parent = Child(grand, Props.Create(() => new ParentActor(new OneForOneStrategy(_ => Directive.Escalate))), "parent");
        var child = Child(parent, Props.Create(() => new FailingActor(probe.Ref)), "child");
        probe.ExpectMsg("started");
        Watch(parent);
        EventFilter.Exception<InvalidOperationException>("boom", source: parent.Path.ToString()).ExpectOne(() => child.Tell("fail"));
        ExpectTerminated(parent);
    }

    [Fact]
    public void StoppingStrategy_stops_on_any_exception()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(SupervisorStrategy.StoppingStrategy)));
        var child = Child(parent, Props.Create(() => new FailingActor(probe.Ref)), "c");
        probe.ExpectMsg("started");
        Watch(child);
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => child.Tell("fail"));
        ExpectTerminated(child);
    }

    [Fact]
    public void DefaultDecider_maps_exceptions_as_in_Akka()
    {
        var d = SupervisorStrategy.DefaultDecider;
        Assert.Equal(Directive.Stop, d(new ActorInitializationException()));
        Assert.Equal(Directive.Stop, d(new ActorKilledException()));
        Assert.Equal(Directive.Stop, d(new DeathPactException()));
        Assert.Equal(Directive.Restart, d(new InvalidOperationException()));
    }

    private sealed class SenderCapturingParent : ReceiveActor
    {
        private readonly StrongBox<IActorRef?> _capture;

        public SenderCapturingParent(StrongBox<IActorRef?> capture)
        {
            _capture = capture;
            Receive<CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name), Self));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ =>
        {
            Volatile.Write(ref _capture.Value, Sender);
            return Directive.Resume;
        });
    }
}

public sealed class GuardianTests : TestKit.TestKit
{
    [Fact]
    public async Task Stopping_the_user_guardian_terminates_the_system()
    {
        var top = Sys.ActorOf(Props.Create(() => new EchoActor()), "top");
        var guardian = ((IActorContext)((LocalActorRef)top).Cell).Parent;
        Sys.Stop(guardian);
        await Sys.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
