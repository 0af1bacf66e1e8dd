using Weir.Actors.Kernel;

namespace Weir.Actors.Tests.Kernel;

public sealed class FifoTests : TestKit.TestKit
{
    [Fact]
    public async Task Fifo_per_sender_holds_with_8_senders_of_100k_messages_and_nothing_is_lost()
    {
        const int Senders = 8;
        const int PerSender = 100_000;
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = Sys.ActorOf(Props.Create(() => new OrderChecker(Senders, PerSender, done)), "receiver");
        var senders = Enumerable.Range(0, Senders)
            .Select(i => Sys.ActorOf(Props.Create(() => new Sender(i, PerSender)), $"sender{i}"))
            .ToArray();
        foreach (var s in senders)
        {
            s.Tell(receiver);
        }

        string? problem = await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(problem);
    }

    private sealed record Numbered(int Sender, int Seq);

    private sealed class Sender : ReceiveActor
    {
        public Sender(int id, int count) => Receive<IActorRef>(target =>
        {
            for (int i = 0; i < count; i++)
            {
                target.Tell(new Numbered(id, i), Self);
            }
        });
    }

    private sealed class OrderChecker : ReceiveActor
    {
        public OrderChecker(int senders, int perSender, TaskCompletionSource<string?> done)
        {
            var next = new int[senders];
            long total = 0;
            Receive<Numbered>(n =>
            {
                if (n.Seq != next[n.Sender])
                {
                    done.TrySetResult($"sender {n.Sender}: expected {next[n.Sender]} got {n.Seq}");
                }

                next[n.Sender] = n.Seq + 1;
                if (++total == (long)senders * perSender)
                {
                    done.TrySetResult(null);
                }
            });
        }
    }
}
