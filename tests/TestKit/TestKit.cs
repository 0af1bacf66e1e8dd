using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.TestKit;

/// <summary>
/// Base class of actor tests (Akka.TestKit.Xunit2's <c>TestKit</c>). xunit creates one instance per test, so
/// each test gets a fresh <see cref="TestKitBase.Sys"/>, terminated by <see cref="Dispose()"/>. In the test body
/// <c>Tell</c> uses <see cref="TestKitBase.TestActor"/> as the sender. Log events go to the
/// <see cref="ITestOutputHelper"/> unless an <see cref="EventFilter"/> catches them. With
/// <c>virtualTime</c>, the system's scheduler and clocks are <see cref="VirtualTime"/>: nothing scheduled fires
/// until the test calls <see cref="TestScheduler.Advance(TimeSpan)"/>.
/// </summary>
public abstract class TestKit : TestKitBase, IDisposable
{
    private readonly TestEventListener _listener;
    private readonly TestScheduler? _virtualTime;

    /// <summary>Starts a system named <paramref name="systemName"/> for this test.</summary>
    protected TestKit(ActorSystemSettings? settings = null, ITestOutputHelper? output = null, bool virtualTime = false, string systemName = "test", TestKitSettings? testKitSettings = null)
        : base(testKitSettings)
    {
        _virtualTime = virtualTime ? new TestScheduler() : null;
        var effective = (settings ?? ActorSystemSettings.Default) with { StdoutLogger = false };
        var system = ActorSystem.Create(systemName, effective, _virtualTime);
        _listener = new TestEventListener(system, output);
        InitializeTest(system);
        EventFilter = new EventFilterFactory(_listener, this);
        ActorCell.AmbientSender = this is INoImplicitSender ? null : TestActor;
    }

    /// <summary>Filters on log events and dead letters (Akka's <c>EventFilter</c>).</summary>
    public EventFilterFactory EventFilter { get; }

    /// <summary>The virtual clock and scheduler.</summary>
    /// <exception cref="InvalidOperationException">The test did not ask for virtual time.</exception>
    public TestScheduler VirtualTime => _virtualTime ?? throw new InvalidOperationException("Pass virtualTime: true to the TestKit constructor.");

    /// <summary>Creates a probe: a second test actor with its own queue and <c>Within</c> deadline.</summary>
    public TestProbe CreateTestProbe(string? name = null) => new(Sys, TestKitSettings, name ?? "probe");

    /// <summary>Terminates the system.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Terminates the system (waits up to 10 s).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        ActorCell.AmbientSender = null;
        var terminated = Sys.Terminate();
        // Virtual time must move for scheduled shutdown work; the real scheduler needs nothing.
        terminated.Wait(TimeSpan.FromSeconds(10));
        _listener.Detach();
    }
}
