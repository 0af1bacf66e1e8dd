using System.Runtime.CompilerServices;
using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class StopTests(ITestOutputHelper output) : TestKit.TestKit(output: output)
{
    [Fact]
    public void Stop_sends_queued_messages_to_dead_letters()
    {
        var gate = new ManualResetEventSlim(false);
        var actor = Sys.ActorOf(Props.Create(() => new BlockingActor(gate)), "stopping");
        actor.Tell("block");
        actor.Tell("q1");
        actor.Tell("q2");
        Watch(actor);
        Sys.Stop(actor);
        EventFilter.DeadLetter<string>(s => s.StartsWith('q')).Expect(2, () => gate.Set());
        ExpectTerminated(actor);
    }

    [Fact]
    public void Tell_after_stop_goes_to_dead_letters()
    {
        var actor = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        EventFilter.DeadLetter<string>().ExpectOne(() => actor.Tell("late"));
    }

    [Fact]
    public void PoisonPill_lets_messages_queued_before_it_run()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(probe.Ref)));
        probe.ExpectMsg("prestart");
        actor.Tell("a");
        actor.Tell("b");
        actor.Tell(PoisonPill.Instance);
        actor.Tell("after");
        probe.ExpectMsg("a");
        probe.ExpectMsg("b");
        probe.ExpectMsg("poststop");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Stop_stops_children_first_then_calls_PostStop_and_notifies_parent_watchers()
    {
        var probe = CreateTestProbe();
        var parent = Sys.ActorOf(Props.Create(() => new TreeActor(probe.Ref, 2)), "tree");
        probe.ReceiveN(3);
        Watch(parent);
        Sys.Stop(parent);
        var stops = probe.ReceiveN(3).Cast<string>().ToList();
        Assert.Equal("stop:tree", stops[^1]);
        ExpectTerminated(parent);
    }

    [Fact]
    public async Task GracefulStop_completes_after_PostStop()
    {
        var flag = new StrongBox<bool>();
        var actor = Sys.ActorOf(Props.Create(() => new PostStopFlag(flag)));
        bool stopped = await actor.GracefulStop(TimeSpan.FromSeconds(3));
        Assert.True(stopped);
        Assert.True(Volatile.Read(ref flag.Value), "PostStop ran before the task completed");
    }

    [Fact]
    public void Kill_stops_the_actor_with_ActorKilledException()
    {
        var actor = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Watch(actor);
        EventFilter.Exception<ActorKilledException>().ExpectOne(() => actor.Tell(Kill.Instance));
        ExpectTerminated(actor);
    }

    private sealed class PostStopFlag(StrongBox<bool> flag) : ReceiveActor
    {
        protected override void PostStop() => Volatile.Write(ref flag.Value, true);
    }

    private sealed class BlockingActor : ReceiveActor
    {
        public BlockingActor(ManualResetEventSlim gate)
        {
            Receive<string>(s => s == "block", _ => gate.Wait(TimeSpan.FromSeconds(5)));
            ReceiveAny(_ => { });
        }
    }

    private sealed class TreeActor : ReceiveActor
    {
        private readonly IActorRef _probe;
        private readonly int _children;

        public TreeActor(IActorRef probe, int children)
        {
            _probe = probe;
            _children = children;
            ReceiveAny(_ => { });
        }

        protected override void PreStart()
        {
            for (int i = 0; i < _children; i++)
            {
                Context.ActorOf(Props.Create(() => new TreeActor(_probe, 0)), $"leaf{i}");
            }

            _probe.Tell("start:" + Self.Path.Name, Self);
        }

        protected override void PostStop() => _probe.Tell("stop:" + Self.Path.Name, Self);
    }
}
