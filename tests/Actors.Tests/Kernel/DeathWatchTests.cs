using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class DeathWatchTests(ITestOutputHelper output) : TestKit.TestKit(output: output)
{
    [Fact]
    public void Watch_after_death_still_delivers_Terminated()
    {
        var actor = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var first = CreateTestProbe();
        first.Watch(actor);
        Sys.Stop(actor);
        first.ExpectTerminated(actor);

        Watch(actor);
        var t = ExpectTerminated(actor);
        Assert.True(t.ExistenceConfirmed);
    }

    [Fact]
    public void Unwatch_drops_a_queued_Terminated()
    {
        var probe = CreateTestProbe();
        var gate = new ManualResetEventSlim(false);
        var target = Sys.ActorOf(Props.Create(() => new EchoActor()), "target");
        var watcher = Sys.ActorOf(Props.Create(() => new UnwatchingWatcher(target, probe.Ref, gate)), "watcher");
        probe.ExpectMsg("watching");
        watcher.Tell("block");
        probe.ExpectMsg("blocked");
        watcher.Tell("unwatch");

        // While the watcher is blocked the target dies; after "block" the notification queues a Terminated
        // behind "unwatch", and the Unwatch in "unwatch" must drop it.
        var targetWatch = CreateTestProbe();
        targetWatch.Watch(target);
        Sys.Stop(target);
        targetWatch.ExpectTerminated(target);
        Thread.Sleep(50);
        gate.Set();
        probe.ExpectMsg("unwatched");
        watcher.Tell("ping");
        probe.ExpectMsg("pong");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Unhandled_Terminated_stops_the_watcher_with_DeathPactException()
    {
        var target = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var watcher = Sys.ActorOf(Props.Create(() => new NaiveWatcher(target)));
        Watch(watcher);
        watcher.Tell("go");
        ExpectMsg("watching");
        EventFilter.Exception<DeathPactException>().ExpectOne(() => Sys.Stop(target));
        ExpectTerminated(watcher);
    }

    [Fact]
    public void Terminated_reports_the_actor_and_existence()
    {
        var actor = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        var t = ExpectTerminated(actor);
        Assert.Equal(actor, t.ActorRef);
        Assert.True(t.ExistenceConfirmed);
        Assert.False(t.AddressTerminated);
    }

    private sealed class UnwatchingWatcher : ReceiveActor
    {
        public UnwatchingWatcher(IActorRef target, IActorRef probe, ManualResetEventSlim gate)
        {
            Context.Watch(target);
            probe.Tell("watching", Self);
            Receive<string>(s => s == "block", _ =>
            {
                probe.Tell("blocked", Self);
                gate.Wait(TimeSpan.FromSeconds(5));
            });
            Receive<string>(s => s == "unwatch", _ =>
            {
                Context.Unwatch(target);
                probe.Tell("unwatched", Self);
            });
            Receive<string>(s => s == "ping", _ => probe.Tell("pong", Self));
            Receive<Terminated>(t => probe.Tell(t, Self));
        }
    }

    private sealed class NaiveWatcher : ReceiveActor
    {
        public NaiveWatcher(IActorRef target) => Receive<string>(_ =>
        {
            Context.Watch(target);
            Sender.Tell("watching", Self);
        });
    }
}
