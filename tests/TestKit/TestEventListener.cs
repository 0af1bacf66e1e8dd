using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.TestKit;

/// <summary>Subscribed to log events and dead letters: counts what active filters match and prints the rest.</summary>
internal sealed class TestEventListener
{
    private readonly object _lock = new();
    private readonly List<EventFilterApplier> _filters = [];
    private readonly ActorSystem _system;
    private readonly IActorRef _ref;
    private ITestOutputHelper? _output;

    public TestEventListener(ActorSystem system, ITestOutputHelper? output)
    {
        _system = system;
        _output = output;
        _ref = new CallbackActorRef(ActorPath.Root(system.Name) / "system" / "test-event-listener", (message, _) => OnEvent(message));
        system.EventStream.Subscribe(_ref, typeof(LogEvent));
        system.EventStream.Subscribe(_ref, typeof(DeadLetter));
    }

    public void Add(EventFilterApplier filter)
    {
        lock (_lock)
        {
            _filters.Add(filter);
        }
    }

    public void Remove(EventFilterApplier filter)
    {
        lock (_lock)
        {
            _filters.Remove(filter);
        }
    }

    public void Detach()
    {
        _system.EventStream.Unsubscribe(_ref);
        _output = null;
    }

    private void OnEvent(object message)
    {
        lock (_lock)
        {
            for (int i = _filters.Count - 1; i >= 0; i--)
            {
                if (_filters[i].TryMatch(message))
                {
                    return;
                }
            }
        }

        if (message is LogEvent e && _output is { } output)
        {
            try
            {
                output.WriteLine(e.ToString());
            }
            catch (InvalidOperationException)
            {
                // The test has finished; xunit no longer takes output for it.
            }
        }
    }
}
