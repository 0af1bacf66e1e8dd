using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class PinnedLoopTests(ITestOutputHelper output) : TestKit.TestKit(output: output)
{
    [Fact]
    public void PinnedLoopActor_runs_its_loop_on_one_dedicated_thread_and_handles_messages_between_batches()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LoopActor()), "eth0");
        actor.Tell("start");
        ExpectMsg("started");
        AwaitAssert(() =>
        {
            actor.Tell("stats");
            Assert.True(ExpectMsg<Stats>().Batches > 10);
        });
        actor.Tell("stats");
        var stats = ExpectMsg<Stats>();
        Assert.True(stats.SameThread, "loop batches and messages must run on the same dedicated thread");
        Assert.False(stats.OnThreadPool);
        Assert.Equal(1, stats.DistinctThreads);
        actor.Tell("stop-loop");
        ExpectMsg("stopped");
        actor.Tell("stats");
        long batches = ExpectMsg<Stats>().Batches;
        Thread.Sleep(50);
        actor.Tell("stats");
        Assert.Equal(batches, ExpectMsg<Stats>().Batches);
    }

    [Fact]
    public void PinnedLoopActor_throw_in_loop_restarts_and_the_loop_stays_stopped()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LoopActor()));
        EventFilter.Exception<InvalidOperationException>("loop failed").ExpectOne(() => actor.Tell("start-failing"));
        ExpectMsg("started");
        actor.Tell("stats");
        var stats = ExpectMsg<Stats>();
        Assert.Equal(0, stats.Batches);
    }

    [Fact]
    public void Pinned_dispatcher_gives_an_ordinary_actor_its_own_thread()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher("pinned"));
        actor.Tell("t");
        var first = ExpectMsg<(int Id, bool Pool)>();
        actor.Tell("t");
        var second = ExpectMsg<(int Id, bool Pool)>();
        Assert.Equal(first.Id, second.Id);
        Assert.False(first.Pool);
    }

    [Fact]
    public void Unknown_dispatcher_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher("nope")));
    }

    [Fact]
    public void PinnedLoopActor_on_the_default_dispatcher_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Sys.ActorOf(Props.Create(() => new LoopActor()).WithDispatcher(ActorSystemSettings.DefaultDispatcherId)));
    }

    private sealed record Stats(long Batches, bool SameThread, bool OnThreadPool, int DistinctThreads);

    private sealed class LoopActor : PinnedLoopActor
    {
        private readonly HashSet<int> _threads = [];
        private long _batches;
        private bool _fail;
        private bool _pool;

        public LoopActor()
        {
            Receive<string>(s => s == "start", _ =>
            {
                StartLoop();
                Sender.Tell("started", Self);
            });
            Receive<string>(s => s == "start-failing", _ =>
            {
                _fail = true;
                StartLoop();
                Sender.Tell("started", Self);
            });
            Receive<string>(s => s == "stop-loop", _ =>
            {
                StopLoop();
                Sender.Tell("stopped", Self);
            });
            Receive<string>(s => s == "stats", _ =>
            {
                Note();
                Sender.Tell(new Stats(_batches, _threads.Count == 1, _pool, _threads.Count), Self);
            });
        }

        protected internal override void RunLoopOnce()
        {
            if (_fail)
            {
                throw new InvalidOperationException("loop failed");
            }

            Note();
            _batches++;
            // Stand-in for ReadBatch with a short poll timeout; returns early when messages wait.
            for (int i = 0; i < 10 && !HasPendingMessages; i++)
            {
                Thread.Sleep(1);
            }
        }

        private void Note()
        {
            _threads.Add(Environment.CurrentManagedThreadId);
            _pool |= Thread.CurrentThread.IsThreadPoolThread;
        }
    }

    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter() => ReceiveAny(_ => Sender.Tell((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread), Self));
    }
}
