using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class AsyncAndStashTests(ITestOutputHelper output) : TestKit.TestKit(
    ActorSystemSettings.Default.WithMailbox("small-stash", new UnboundedMailbox(StashCapacity: 2)), output)
{
    [Fact]
    public void ReceiveAsync_is_not_reentrant_and_keeps_Self_and_Sender()
    {
        var probe = CreateTestProbe();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new AsyncActor(probe.Ref, release.Task)));
        actor.Tell("a");
        actor.Tell("b");
        probe.ExpectMsg("begin:a");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        release.SetResult();
        probe.ExpectMsg("end:a");
        ExpectMsg("reply:a");
        Assert.Equal(actor, LastSender);
        probe.ExpectMsg("begin:b");
        probe.ExpectMsg("end:b");
        ExpectMsg("reply:b");
    }

    [Fact]
    public void ReceiveAsync_fault_fails_the_actor()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new AsyncActor(probe.Ref, Task.CompletedTask)));
        Watch(actor);
        EventFilter.Exception<InvalidOperationException>("async boom").ExpectOne(() => actor.Tell("throw"));
        actor.Tell("c");
        probe.ExpectMsg("begin:c");
    }

    [Fact]
    public void Stash_order_is_kept_including_across_a_restart()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new StashingActor(probe.Ref)));
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell(3);
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => actor.Tell("fail"));
        actor.Tell(4);
        actor.Tell("open");
        probe.ExpectMsg(1);
        probe.ExpectMsg(2);
        probe.ExpectMsg(3);
        probe.ExpectMsg(4);
        actor.Tell(5);
        probe.ExpectMsg(5);
    }

    [Fact]
    public void UnstashAll_puts_messages_in_front_of_the_mailbox_in_original_order()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new StashingActor(probe.Ref)));
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell("open");
        actor.Tell(3);
        probe.ExpectMsg(1);
        probe.ExpectMsg(2);
        probe.ExpectMsg(3);
    }

    [Fact]
    public void Stash_twice_throws_IllegalActorStateException()
    {
        var actor = Sys.ActorOf(Props.Create(() => new DoubleStasher(TestActor)));
        actor.Tell("x");
        ExpectMsg(nameof(IllegalActorStateException));
    }

    [Fact]
    public void Bounded_stash_throws_StashOverflowException()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new StashingActor(probe.Ref)).WithMailbox("small-stash"));
        actor.Tell(1);
        actor.Tell(2);
        EventFilter.Exception<StashOverflowException>().ExpectOne(() => actor.Tell(3));
    }

    [Fact]
    public void Stop_sends_the_stash_to_dead_letters()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new StashingActor(probe.Ref)));
        actor.Tell(1);
        actor.Tell(2);
        EventFilter.DeadLetter<int>().Expect(2, () => actor.Tell(PoisonPill.Instance));
    }

    private sealed class AsyncActor : ReceiveActor
    {
        public AsyncActor(IActorRef probe, Task release)
        {
            ReceiveAsync<string>(s => s == "throw", async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("async boom");
            });
            ReceiveAsync<string>(async s =>
            {
                probe.Tell("begin:" + s, Self);
                await release;
                await Task.Delay(10);
                probe.Tell("end:" + s, Self);
                Sender.Tell("reply:" + s);
            });
        }
    }

    private sealed class StashingActor : ReceiveActor, IWithStash
    {
        public StashingActor(IActorRef probe)
        {
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("boom"));
            Receive<string>(s => s == "open", _ =>
            {
                Become(() => Receive<int>(i => probe.Tell(i, Self)));
                Stash.UnstashAll();
            });
            Receive<int>(_ => Stash.Stash());
        }

        public IStash Stash { get; set; } = null!;
    }

    private sealed class DoubleStasher : ReceiveActor, IWithStash
    {
        public DoubleStasher(IActorRef probe) => ReceiveAny(_ =>
        {
            Stash.Stash();
            try
            {
                Stash.Stash();
            }
            catch (IllegalActorStateException e)
            {
                probe.Tell(e.GetType().Name, Self);
            }
        });

        public IStash Stash { get; set; } = null!;
    }
}
