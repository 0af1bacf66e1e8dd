using Weir.Engine.Capture;
using Weir.Engine.Flows;

namespace Weir.Engine.Tests.Flows;

public class LocalBufferTests
{
    private struct Recorder : IFrameHandler
    {
        public List<(byte[] Data, long Ts, int Length, LinkType Link, PacketDirection Direction)> Frames;

        public readonly void OnFrame(in Frame frame) =>
            Frames.Add((frame.Data.ToArray(), frame.TimestampNs, frame.OriginalLength, frame.LinkType, frame.Direction));
    }

    [Fact]
    public void Replay_AfterAppends_FramesInOrderWithAllFields()
    {
        var pool = new LocalBufferPool(2, 4096);
        using var buffer = new LocalBuffer(pool);
        var expected = new List<(byte[], long, int, LinkType, PacketDirection)>();
        for (int i = 0; i < 20; i++)
        {
            byte[] data = Enumerable.Range(0, 10 + i).Select(b => (byte)(b + i)).ToArray();
            var dir = (PacketDirection)(i % 3);
            var link = i % 2 == 0 ? LinkType.Ethernet : LinkType.LinuxSll2;
            Assert.True(buffer.TryAppend(new Frame(data, 1_000 + i, 1500 - i, link, dir)));
            expected.Add((data, 1_000 + i, 1500 - i, link, dir));
        }

        var recorder = new Recorder { Frames = [] };
        Assert.Equal(20, buffer.Replay(ref recorder));
        Assert.Equal(expected.Count, recorder.Frames.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Item1, recorder.Frames[i].Data);
            Assert.Equal(expected[i].Item2, recorder.Frames[i].Ts);
            Assert.Equal(expected[i].Item3, recorder.Frames[i].Length);
            Assert.Equal(expected[i].Item4, recorder.Frames[i].Link);
            Assert.Equal(expected[i].Item5, recorder.Frames[i].Direction);
        }
    }

    [Fact]
    public void TryAppend_BufferFull_ReturnsFalseAndCallerCountsDrop()
    {
        var pool = new LocalBufferPool(1, 1000);
        using var buffer = new LocalBuffer(pool);
        var log = new Weir.Engine.Flows.FlowLog();
        byte[] data = new byte[100];
        int appended = 0;
        for (int i = 0; i < 20; i++)
        {
            if (buffer.TryAppend(new Frame(data, i, 100, LinkType.Ethernet, PacketDirection.Unknown)))
            {
                appended++;
            }
            else
            {
                log.CountDropped(Weir.Engine.Packets.ParseIssue.LocalBufferFull);
            }
        }

        // 1000 bytes hold eight 124-byte records (24-byte header + 100 bytes).
        Assert.Equal(8, appended);
        Assert.Equal(8, buffer.Count);
        Assert.Equal(12, log.Stats.LocalDropped);
        Assert.Equal(12, log.Stats.IssueCount(Weir.Engine.Packets.ParseIssue.LocalBufferFull));
        LocalBufferUsage usage = buffer.Usage();
        Assert.Equal(992, usage.UsedBytes);
        Assert.Equal(1000, usage.CapacityBytes);
        Assert.Equal(0.992, usage.Fraction, 6);
        Assert.Equal(1.0, usage.PoolFraction, 6);
    }

    [Fact]
    public void TryAppend_PoolExhausted_ReturnsFalseUntilAnotherBufferResets()
    {
        var pool = new LocalBufferPool(1, 256);
        var a = new LocalBuffer(pool);
        var b = new LocalBuffer(pool);
        var frame = new Frame(new byte[10], 1, 10, LinkType.Raw, PacketDirection.Unknown);
        Assert.True(a.TryAppend(frame));
        Assert.False(b.TryAppend(frame));
        Assert.Equal(1, pool.Rented);
        a.Reset();
        Assert.Equal(0, pool.Rented);
        Assert.Equal(0, a.Count);
        Assert.True(b.TryAppend(frame));
        b.Dispose();
        Assert.Equal(0, pool.Rented);
    }

    [Fact]
    public void TryAppend_FrameLargerThanArena_ReturnsFalse()
    {
        var pool = new LocalBufferPool(1, 64);
        using var buffer = new LocalBuffer(pool);
        Assert.False(buffer.TryAppend(new Frame(new byte[41], 1, 41, LinkType.Raw, PacketDirection.Unknown)));
        Assert.True(buffer.TryAppend(new Frame(new byte[40], 1, 40, LinkType.Raw, PacketDirection.Unknown)));
    }

    [Fact]
    public void Replay_IntoFlowLog_CountsEveryFrame()
    {
        var pool = new LocalBufferPool(1, 4096);
        using var buffer = new LocalBuffer(pool);
        for (int i = 0; i < 5; i++)
        {
            Assert.True(buffer.TryAppend(new Frame(new byte[60], i, 60, (LinkType)65000, PacketDirection.Unknown)));
        }

        var log = new Weir.Engine.Flows.FlowLog();
        Assert.Equal(5, buffer.Replay(log));

        // The stub-proof link type is never decoded: all five are processed and counted by reason.
        Assert.Equal(5, log.Stats.PacketsProcessed);
        Assert.Equal(5, log.Stats.IssueCount(Weir.Engine.Packets.ParseIssue.UnsupportedLinkType));
    }

    [Fact]
    public void Pool_ConcurrentRentAndReturn_NeverExceedsBufferCount()
    {
        var pool = new LocalBufferPool(4, 128);
        int maxSeen = 0;
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                if (pool.TryRent(out byte[] arena))
                {
                    int rented = pool.Rented;
                    int seen;
                    do
                    {
                        seen = Volatile.Read(ref maxSeen);
                    }
                    while (rented > seen && Interlocked.CompareExchange(ref maxSeen, rented, seen) != seen);

                    pool.Return(arena);
                }
            }
        });

        Assert.InRange(maxSeen, 1, 4);
        Assert.Equal(0, pool.Rented);
    }
}
