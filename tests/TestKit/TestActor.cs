using Weir.Actors.Kernel;

namespace Weir.TestKit;

/// <summary>The actor behind <c>TestActor</c> and each probe: queues what it receives for the Expect methods.</summary>
internal sealed class TestActor(TestMessageQueue queue) : UntypedActor
{
    private AutoPilot? _pilot;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case WatchCommand w:
                Context.Watch(w.Subject);
                return;
            case UnwatchCommand u:
                Context.Unwatch(u.Subject);
                return;
            case SetPilot p:
                _pilot = p.Pilot;
                return;
        }

        if (_pilot is not null && !ReferenceEquals(_pilot, AutoPilot.NoAutoPilot))
        {
            var next = _pilot.Run(Sender, message);
            if (!ReferenceEquals(next, AutoPilot.KeepRunning))
            {
                _pilot = next;
            }
        }

        queue.Enqueue(new MessageEnvelope(message, Sender));
    }

    internal sealed record WatchCommand(IActorRef Subject);

    internal sealed record UnwatchCommand(IActorRef Subject);

    internal sealed record SetPilot(AutoPilot Pilot);
}
