using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class BoundedMailboxTests(ITestOutputHelper output) : TestKit.TestKit(
    ActorSystemSettings.Default
        .WithMailbox("capture-mailbox", new BoundedMailbox(10, TimeSpan.Zero))
        .WithMailbox("blocking-mailbox", new BoundedMailbox(2, TimeSpan.FromMilliseconds(100))),
    output)
{
    [Fact]
    public void Bounded_mailbox_with_zero_push_timeout_never_blocks_and_counts_Dropped()
    {
        var gate = new ManualResetEventSlim(false);
        var entered = new ManualResetEventSlim(false);
        var actor = Sys.ActorOf(Props.Create(() => new GateActor(gate, entered)).WithMailbox("capture-mailbox"), "capture");
        var dropped = CreateTestProbe();
        Sys.EventStream.Subscribe(dropped.Ref, typeof(Dropped));
        actor.Tell("block");
        Assert.True(entered.Wait(TimeSpan.FromSeconds(3)));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 1000; i++)
        {
            actor.Tell(i);
        }

        watch.Stop();
        Assert.True(watch.ElapsedMilliseconds < 1000, $"1000 sends took {watch.ElapsedMilliseconds} ms: the sender blocked");
        Assert.Equal(990, Sys.GetDroppedCount(actor));
        var first = dropped.ExpectMsg<Dropped>();
        Assert.Equal(10, first.Message);
        Assert.Equal(actor, first.Recipient);
        gate.Set();
    }

    [Fact]
    public void Bounded_mailbox_with_push_timeout_blocks_then_dead_letters()
    {
        var gate = new ManualResetEventSlim(false);
        var entered = new ManualResetEventSlim(false);
        var actor = Sys.ActorOf(Props.Create(() => new GateActor(gate, entered)).WithMailbox("blocking-mailbox"));
        actor.Tell("block");
        Assert.True(entered.Wait(TimeSpan.FromSeconds(3)));
        actor.Tell(1);
        actor.Tell(2);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        EventFilter.DeadLetter<int>(i => i == 3).ExpectOne(() => actor.Tell(3));
        Assert.True(watch.ElapsedMilliseconds >= 90, $"the sender waited only {watch.ElapsedMilliseconds} ms");
        Assert.Equal(0, Sys.GetDroppedCount(actor));
        gate.Set();
    }

    private sealed class GateActor : ReceiveActor
    {
        public GateActor(ManualResetEventSlim gate, ManualResetEventSlim entered)
        {
            Receive<string>(_ =>
            {
                entered.Set();
                gate.Wait(TimeSpan.FromSeconds(5));
            });
            ReceiveAny(_ => { });
        }
    }
}
