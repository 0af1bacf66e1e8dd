using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class RestartTests(ITestOutputHelper output) : TestKit.TestKit(output: output)
{
    [Fact]
    public void Restart_keeps_mailbox_and_drops_only_the_failing_message()
    {
        var probe = CreateTestProbe();
        var gate = new ManualResetEventSlim(false);
        var actor = Sys.ActorOf(Props.Create(() => new GatedActor(probe.Ref, gate)), "restarting");
        probe.ExpectMsg("prestart");

        // Everything is queued while the actor is blocked on its first message, so the restart finds it in the mailbox.
        actor.Tell("block");
        actor.Tell("a");
        actor.Tell("fail");
        actor.Tell("b");
        actor.Tell("c");
        EventFilter.Exception<InvalidOperationException>("boom").ExpectOne(() => gate.Set());

        probe.ExpectMsg("block");
        probe.ExpectMsg("a");
        probe.ExpectMsg("prerestart:fail");
        probe.ExpectMsg("prestart");
        probe.ExpectMsg("b");
        probe.ExpectMsg("c");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Restart_resets_state_and_keeps_the_uid()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(probe.Ref)), "stateful");
        probe.ExpectMsg("prestart");
        actor.Tell("x");
        probe.ExpectMsg("x");
        actor.Tell("state");
        ExpectMsg(1);
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => actor.Tell("fail"));
        probe.ExpectMsg("prerestart:fail");
        probe.ExpectMsg("poststop");
        probe.ExpectMsg("postrestart");
        probe.ExpectMsg("prestart");
        actor.Tell("state");
        ExpectMsg(0, hint: "state is reset by the restart");
        actor.Tell(new Identify(1));
        var identity = ExpectMsg<ActorIdentity>();
        Assert.Equal(actor, identity.Subject);
    }

    [Fact]
    public void Restart_restores_the_initial_behaviour()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new BecomeThenFail(probe.Ref)));
        actor.Tell("become");
        actor.Tell("who");
        ExpectMsg("second");
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => actor.Tell("fail"));
        actor.Tell("who");
        ExpectMsg("first");
    }

    [Fact]
    public void PreRestart_default_stops_children()
    {
        var probe = CreateTestProbe();
        var childProbe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new ParentWithChild(probe.Ref, childProbe.Ref, false)), "parent");
        var child1 = probe.ExpectMsg<IActorRef>();
        Watch(child1);
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => parent.Tell("fail"));
        ExpectTerminated(child1);
        var child2 = probe.ExpectMsg<IActorRef>();
        Assert.NotEqual(child1, child2);
        Assert.Equal(child1.Path, child2.Path);
    }

    [Fact]
    public void PreRestart_overridden_restarts_children_in_place()
    {
        var probe = CreateTestProbe();
        var childProbe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new ParentWithChild(probe.Ref, childProbe.Ref, true)), "keeper");
        var child = probe.ExpectMsg<IActorRef>();
        childProbe.ExpectMsg("child-start");
        Watch(child);
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => parent.Tell("fail"));

        // The child is restarted (same incarnation, new instance), not stopped; the new parent instance keeps it.
        childProbe.ExpectMsg("child-restart");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        parent.Tell("child?");
        var again = ExpectMsg<IActorRef>();
        Assert.Equal(child, again);
    }

    [Fact]
    public void Constructor_throw_stops_the_actor_without_restart_loop()
    {
        var probe = CreateTestProbe();
        int constructed = 0;
        IActorRef actor = null!;
        EventFilter.Exception<ActorInitializationException>().ExpectOne(() =>
        {
            actor = Sys.ActorOf(Props.Create(() => new ThrowingConstructor(() => Interlocked.Increment(ref constructed))), "bad-ctor");
            probe.Watch(actor);
        });
        probe.ExpectTerminated(actor);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, constructed);
    }

    [Fact]
    public void PreStart_throw_stops_the_actor_without_restart_loop()
    {
        int starts = 0;
        IActorRef actor = null!;
        EventFilter.Exception<ActorInitializationException>().ExpectOne(() =>
        {
            actor = Sys.ActorOf(Props.Create(() => new ThrowingPreStart(() => Interlocked.Increment(ref starts))), "bad-prestart");
            Watch(actor);
        });
        ExpectTerminated(actor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, starts);
    }

    private sealed class GatedActor : ReceiveActor
    {
        private readonly IActorRef _probe;

        public GatedActor(IActorRef probe, ManualResetEventSlim gate)
        {
            _probe = probe;
            Receive<string>(s => s == "block", s =>
            {
                gate.Wait(TimeSpan.FromSeconds(5));
                probe.Tell(s, Self);
            });
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => probe.Tell(s, Self));
        }

        protected override void PreStart() => _probe.Tell("prestart", Self);

        protected override void PreRestart(Exception reason, object? message) => _probe.Tell($"prerestart:{message}", Self);
    }

    private sealed class BecomeThenFail : ReceiveActor
    {
        public BecomeThenFail(IActorRef probe)
        {
            Receive<string>(s => s == "become", _ => Become(() =>
            {
                Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("boom"));
                Receive<string>(_ => Sender.Tell("second", Self));
            }));
            Receive<string>(_ => Sender.Tell("first", Self));
        }
    }

    private sealed class ParentWithChild : ReceiveActor
    {
        private readonly IActorRef _probe;
        private readonly IActorRef _childProbe;
        private readonly bool _keepChildren;

        public ParentWithChild(IActorRef probe, IActorRef childProbe, bool keepChildren)
        {
            _probe = probe;
            _childProbe = childProbe;
            _keepChildren = keepChildren;
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => s == "child?", _ => Sender.Tell(Context.Child("child"), Self));
        }

        protected override void PreStart()
        {
            var child = Context.Child("child");
            if (child.IsNobody())
            {
                child = Context.ActorOf(Props.Create(() => new ChildReporter(_childProbe)), "child");
                _probe.Tell(child, Self);
            }
        }

        protected override void PreRestart(Exception reason, object? message)
        {
            if (!_keepChildren)
            {
                base.PreRestart(reason, message);
            }
        }
    }

    private sealed class ChildReporter : ReceiveActor
    {
        private readonly IActorRef _probe;

        public ChildReporter(IActorRef probe)
        {
            _probe = probe;
            ReceiveAny(_ => { });
        }

        protected override void PreStart() => _probe.Tell("child-start", Self);

        protected override void PostRestart(Exception reason) => _probe.Tell("child-restart", Self);
    }

    private sealed class ThrowingConstructor : ReceiveActor
    {
        public ThrowingConstructor(Action onConstruct)
        {
            onConstruct();
            throw new InvalidOperationException("ctor");
        }
    }

    private sealed class ThrowingPreStart(Action onStart) : ReceiveActor
    {
        protected override void PreStart()
        {
            onStart();
            throw new InvalidOperationException("prestart");
        }
    }
}
