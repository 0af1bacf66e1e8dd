using System.Collections.Concurrent;
using Weir.Actors.Configuration;
using Weir.Actors.Kernel;
using Weir.Engine.Capture;

namespace Weir.Actors.Tests.Support;

/// <summary>Starts <see cref="WeirActors"/> with fake sources (one per interface name, replaced on each open) and a memory sink.</summary>
internal sealed class ActorsHarness
{
    private readonly ConcurrentDictionary<string, FakeSource> _sources = new();
    private readonly Func<string, FakeSource> _make;

    public ActorsHarness(ActorSystem system, WeirSettings? settings = null, Func<string, FakeSource>? make = null, MemorySink? sink = null, IReadOnlyList<string>? hostInterfaces = null, bool shutdownTasks = false, bool scheduleRotation = false)
    {
        _make = make ?? (name => new FakeSource(name));
        Sink = sink ?? new MemorySink();
        Refs = WeirActors.Start(
            system,
            settings ?? TestSettings.Load(),
            name =>
            {
                var source = _make(name);
                _sources[name] = source;
                Opened.Enqueue(name);
                return source;
            },
            new WeirActorsOptions
            {
                SinkFactory = () => Sink,
                ListInterfaces = () => hostInterfaces ?? [],
                AddShutdownTasks = shutdownTasks,
                ScheduleRotation = scheduleRotation,
            });
    }

    public WeirActorRefs Refs { get; }

    public MemorySink Sink { get; }

    public ConcurrentQueue<string> Opened { get; } = new();

    public FakeSource? Source(string name) => _sources.TryGetValue(name, out var s) ? s : null;

    public ICaptureSource WaitForSource(string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (Source(name) is { } s)
            {
                return s;
            }

            Thread.Sleep(5);
        }

        throw new TimeoutException($"no source opened for {name}");
    }
}
