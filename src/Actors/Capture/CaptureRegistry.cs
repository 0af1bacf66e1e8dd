using System.Collections.Concurrent;
using Weir.Actors.Metrics;

namespace Weir.Actors.Capture;

/// <summary>The <see cref="InterfaceCounters"/> of every captured interface, thread-safe; read by metrics and status.</summary>
public sealed class CaptureRegistry
{
    private readonly ConcurrentDictionary<string, InterfaceCounters> _interfaces = new(StringComparer.Ordinal);

    /// <summary>Durations of rotations of all interfaces (from the request to the last block handed over).</summary>
    public Histogram RotationDuration { get; } = new(Histogram.DurationBounds);

    /// <summary>Durations of block writes.</summary>
    public Histogram WriteoutDuration { get; } = new(Histogram.DurationBounds);

    /// <summary>The counters of the interfaces captured now, sorted by name.</summary>
    public IReadOnlyList<InterfaceCounters> Interfaces => [.. _interfaces.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>The counters of <paramref name="name"/>, or <c>null</c>.</summary>
    public InterfaceCounters? Find(string name) => _interfaces.TryGetValue(name, out var c) ? c : null;

    internal InterfaceCounters GetOrAdd(string name) => _interfaces.GetOrAdd(name, n => new InterfaceCounters(n));

    internal void Remove(string name) => _interfaces.TryRemove(name, out _);
}
