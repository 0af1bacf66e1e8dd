using BenchmarkDotNet.Attributes;
using Weir.Actors.Kernel;

namespace Weir.Benchmarks.Kernel;

/// <summary>
/// Kernel message throughput: ping-pong between two actors, and fan-in of 8 senders into one actor. Each
/// operation is one delivered message (<c>OperationsPerInvoke</c>), and the messages are preallocated, so the
/// "Allocated" column is what the kernel itself allocates per Tell.
/// </summary>
[MemoryDiagnoser]
public class MailboxBenchmarks
{
    private const int PingPongMessages = 200_000;
    private const int Senders = 8;
    private const int PerSender = 250_000;
    private const int FanInMessages = Senders * PerSender;

    private static readonly object s_ball = new();
    private static readonly object s_go = new();

    private ActorSystem _system = null!;
    private IActorRef _pinger = null!;
    private IActorRef _sink = null!;
    private IActorRef[] _senders = null!;
    private Counter _pingDone = null!;
    private Counter _sinkDone = null!;

    /// <summary>Starts the system and the actors once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench", ActorSystemSettings.Default with { StdoutLogger = false, LogDeadLetters = 0 });
        _pingDone = new Counter();
        _sinkDone = new Counter();
        var pingDone = _pingDone;
        var sinkDone = _sinkDone;
        var ponger = _system.ActorOf(Props.Create(() => new Ponger()), "ponger");
        _pinger = _system.ActorOf(Props.Create(() => new Pinger(ponger, pingDone)), "pinger");
        _sink = _system.ActorOf(Props.Create(() => new Sink(sinkDone)), "sink");
        var sink = _sink;
        _senders = Enumerable.Range(0, Senders).Select(i => _system.ActorOf(Props.Create(() => new FanInSender(sink, PerSender)), $"sender{i}")).ToArray();
    }

    /// <summary>Stops the system.</summary>
    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    /// <summary>One ball bounced between two actors; each hop is one message.</summary>
    [Benchmark(OperationsPerInvoke = PingPongMessages)]
    public void PingPong()
    {
        _pingDone.Reset(PingPongMessages);
        _pinger.Tell(s_go, null);
        _pingDone.Wait();
    }

    /// <summary>Eight actors each send their share to one sink as fast as they can.</summary>
    [Benchmark(OperationsPerInvoke = FanInMessages)]
    public void FanIn8()
    {
        _sinkDone.Reset(FanInMessages);
        foreach (var sender in _senders)
        {
            sender.Tell(s_go, null);
        }

        _sinkDone.Wait();
    }

    /// <summary>Counts messages down to zero and wakes the benchmark thread.</summary>
    private sealed class Counter
    {
        private readonly ManualResetEventSlim _done = new(false);
        private long _left;

        public void Reset(long count)
        {
            _done.Reset();
            Volatile.Write(ref _left, count);
        }

        public void Hit()
        {
            if (--_left == 0)
            {
                _done.Set();
            }
        }

        public void Wait() => _done.Wait();
    }

    private sealed class Ponger : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message, Self);
    }

    private sealed class Pinger(IActorRef ponger, Counter done) : UntypedActor
    {
        private int _left;

        protected override void OnReceive(object message)
        {
            if (ReferenceEquals(message, s_go))
            {
                _left = PingPongMessages;
                ponger.Tell(s_ball, Self);
                return;
            }

            // One round trip is two messages.
            done.Hit();
            done.Hit();
            _left -= 2;
            if (_left > 0)
            {
                ponger.Tell(s_ball, Self);
            }
        }
    }

    private sealed class Sink(Counter done) : UntypedActor
    {
        protected override void OnReceive(object message) => done.Hit();
    }

    private sealed class FanInSender(IActorRef sink, int count) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            var self = Self;
            for (int i = 0; i < count; i++)
            {
                sink.Tell(s_ball, self);
            }
        }
    }
}
