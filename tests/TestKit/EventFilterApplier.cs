using Xunit;

namespace Weir.TestKit;

/// <summary>A filter on log events or dead letters: expect a number of matches around a block, or mute them.</summary>
public sealed class EventFilterApplier
{
    private readonly TestEventListener _listener;
    private readonly TestKitBase _kit;
    private readonly Func<object, bool> _match;
    private readonly string _description;
    private int _count;

    internal EventFilterApplier(TestEventListener listener, TestKitBase kit, Func<object, bool> match, string description)
    {
        _listener = listener;
        _kit = kit;
        _match = match;
        _description = description;
    }

    /// <summary>Runs <paramref name="action"/> and expects exactly one matching event (waiting up to the filter leeway).</summary>
    public void ExpectOne(Action action) => Expect(1, action);

    /// <summary>Runs <paramref name="action"/> and expects exactly <paramref name="expected"/> matching events.</summary>
    public void Expect(int expected, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Interlocked.Exchange(ref _count, 0);
        _listener.Add(this);
        try
        {
            action();
            WaitFor(expected);
        }
        finally
        {
            _listener.Remove(this);
        }
    }

    /// <summary>Async form of <see cref="ExpectOne(Action)"/>.</summary>
    public Task ExpectOneAsync(Func<Task> action) => ExpectAsync(1, action);

    /// <summary>Async form of <see cref="Expect(int, Action)"/>.</summary>
    public async Task ExpectAsync(int expected, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Interlocked.Exchange(ref _count, 0);
        _listener.Add(this);
        try
        {
            await action().ConfigureAwait(false);
            await Task.Run(() => WaitFor(expected)).ConfigureAwait(false);
        }
        finally
        {
            _listener.Remove(this);
        }
    }

    /// <summary>Swallows matching events until the returned handle is disposed.</summary>
    public IDisposable Mute()
    {
        _listener.Add(this);
        return new Unmute(this);
    }

    /// <summary>Swallows matching events while <paramref name="action"/> runs.</summary>
    public void Mute(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using (Mute())
        {
            action();
        }
    }

    /// <summary>Matching events seen so far.</summary>
    public int MatchedCount => Volatile.Read(ref _count);

    internal bool TryMatch(object message)
    {
        if (!_match(message))
        {
            return false;
        }

        Interlocked.Increment(ref _count);
        return true;
    }

    private void WaitFor(int expected)
    {
        var leeway = _kit.Dilated(_kit.TestKitSettings.FilterLeeway);
        long deadline = Environment.TickCount64 + (long)leeway.TotalMilliseconds;
        while (MatchedCount < expected && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(10);
        }

        int got = MatchedCount;
        if (got != expected)
        {
            Assert.Fail($"Expected {expected} event(s) matching {_description} but got {got}.");
        }
    }

    private sealed class Unmute(EventFilterApplier filter) : IDisposable
    {
        public void Dispose() => filter._listener.Remove(filter);
    }
}
