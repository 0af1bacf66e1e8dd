using Weir.Actors.Configuration;
using Weir.Actors.Kernel;
using Weir.Actors.Tests.Support;
using Weir.Actors.Writeout;

namespace Weir.Actors.Tests.Writeout;

public class WriteoutActorTests() : TestKit.TestKit(virtualTime: true)
{
    private static readonly WriteoutSettings s_settings = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 3, TimeSpan.FromMinutes(1));

    [Fact]
    public void WriteBlock_Several_WrittenAndAcknowledgedInArrivalOrder()
    {
        var sink = new MemorySink();
        var writeout = Sys.ActorOf(WriteoutActor.Props(s_settings, () => sink), "writeout");

        for (int i = 0; i < 5; i++)
        {
            writeout.Tell(new WriteBlock(Blocks.Make(i % 2 == 0 ? "eth0" : "eth1", 10 + i, minute: i)));
        }

        var acks = Enumerable.Range(0, 5).Select(_ => ExpectMsg<BlockWritten>()).ToList();
        writeout.Tell(GetWriteoutStatus.Instance);
        var status = ExpectMsg<WriteoutStatus>();

        Assert.Equal([1L, 2, 3, 4, 5], acks.Select(a => a.Sequence));
        Assert.Equal([10L, 11, 12, 13, 14], acks.Select(a => a.Packets));
        Assert.Equal([0, 1, 2, 3, 4], sink.Blocks.Select(b => b.Start.Minute));
        Assert.Equal(5, status.BlocksWritten);
        Assert.Equal(0, status.Queued);
        Assert.Equal(4, status.LastWritten["eth0"].Start.Minute);
        Assert.Equal(3, status.LastWritten["eth1"].Start.Minute);
    }

    [Fact]
    public void WriteBlock_SinkFailsThreeTimes_RetriedWithBackoffThenWrittenInOrder()
    {
        var sink = new MemorySink(failures: 3);
        var writeout = Sys.ActorOf(WriteoutActor.Props(s_settings, () => sink), "writeout");

        writeout.Tell(new WriteBlock(Blocks.Make("eth0", 7, minute: 0)));
        writeout.Tell(new WriteBlock(Blocks.Make("eth0", 8, minute: 1)));
        writeout.Tell(Flush.Instance);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        AwaitCondition(() => sink.Attempts == 1);

        // Back-off 100 ms, 200 ms, 400 ms (+ up to 20% jitter). Each advance waits until the actor has handled the
        // failure (its status reply comes after it), else the advance may run before the retry timer is started.
        SyncWith(writeout);
        VirtualTime.Advance(TimeSpan.FromMilliseconds(130));
        AwaitCondition(() => sink.Attempts == 2);
        SyncWith(writeout);
        VirtualTime.Advance(TimeSpan.FromMilliseconds(250));
        AwaitCondition(() => sink.Attempts == 3);
        writeout.Tell(GetWriteoutStatus.Instance);
        var retrying = ExpectMsg<WriteoutStatus>();
        VirtualTime.Advance(TimeSpan.FromMilliseconds(500));

        var first = ExpectMsg<BlockWritten>();
        var second = ExpectMsg<BlockWritten>();
        ExpectMsg<Flushed>();
        Assert.True(retrying.Retrying);
        Assert.Equal(2, retrying.Queued);
        Assert.Contains("transient", retrying.LastError);
        Assert.Equal(7, first.Packets);
        Assert.Equal(8, second.Packets);
        Assert.Equal(5, sink.Attempts);
    }

    [Fact]
    public void WriteBlock_DiskFull_LoggedAtErrorAndBlockKept()
    {
        var sink = new MemorySink(failures: 1, diskFull: true);
        var writeout = Sys.ActorOf(WriteoutActor.Props(s_settings, () => sink), "writeout");

        EventFilter.Error(contains: "Disk full").ExpectOne(() => writeout.Tell(new WriteBlock(Blocks.Make("eth0", 5))));
        SyncWith(writeout);
        VirtualTime.Advance(TimeSpan.FromMilliseconds(150));

        Assert.Equal(5, ExpectMsg<BlockWritten>().Packets);
        Assert.Single(sink.Blocks);
    }

    [Fact]
    public void BlockWritten_PublishedOnEventStream()
    {
        var sink = new MemorySink();
        var writeout = Sys.ActorOf(WriteoutActor.Props(s_settings, () => sink), "writeout");
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(BlockWritten));

        writeout.Tell(new WriteBlock(Blocks.Make("eth3", 9)), ActorRefs.NoSender);

        var published = probe.ExpectMsg<BlockWritten>();
        Assert.Equal("eth3", published.Interface);
        Assert.Equal(9, published.Packets);
    }

    /// <summary>Returns once <paramref name="writeout"/> has handled everything sent to it before (its status reply comes after).</summary>
    private void SyncWith(IActorRef writeout)
    {
        writeout.Tell(GetWriteoutStatus.Instance);
        ExpectMsg<WriteoutStatus>();
    }
}
