using System.Diagnostics;
using Weir.Actors.Kernel;
using Xunit;

namespace Weir.TestKit;

/// <summary>
/// The expectation methods shared by <see cref="TestKit"/> and <see cref="TestProbe"/> (Akka's
/// <c>TestKitBase</c>). Each instance has its own test actor, message queue and <c>Within</c> deadline.
/// </summary>
public abstract class TestKitBase
{
    private static int s_testActors;
    private readonly TestMessageQueue _queue = new();
    private ActorSystem? _system;
    private IActorRef? _testActor;
    private long? _end;
    private MessageEnvelope? _last;

    /// <summary>Creates the base; call <see cref="InitializeTest"/> once the system exists.</summary>
    protected TestKitBase(TestKitSettings? settings = null)
    {
        TestKitSettings = settings ?? TestKitSettings.Default;
    }

    /// <summary>The actor system under test.</summary>
    public ActorSystem Sys => _system ?? throw new InvalidOperationException("The TestKit is not initialized.");

    /// <summary>The timing settings.</summary>
    public TestKitSettings TestKitSettings { get; }

    /// <summary>This instance's test actor: the implicit sender in a test body and the target of the Expect methods.</summary>
    public IActorRef TestActor => _testActor ?? throw new InvalidOperationException("The TestKit is not initialized.");

    /// <summary>The sender of the last message received by an Expect method.</summary>
    public IActorRef LastSender => _last?.Sender ?? Sys.DeadLetters;

    /// <summary>Time left in the innermost <c>Within</c>, else the single-expect default.</summary>
    public TimeSpan RemainingOrDefault => _end is { } end ? TimeSpan.FromMilliseconds(Math.Max(0, end - Environment.TickCount64)) : Dilated(TestKitSettings.SingleExpectDefault);

    /// <summary>Time left in the innermost <c>Within</c>.</summary>
    /// <exception cref="InvalidOperationException">Outside <c>Within</c>.</exception>
    public TimeSpan Remaining => _end is { } end ? TimeSpan.FromMilliseconds(Math.Max(0, end - Environment.TickCount64)) : throw new InvalidOperationException("Remaining is only defined inside Within.");

    /// <summary>Whether a message is waiting in the queue.</summary>
    public bool HasMessages => _queue.Count > 0;

    /// <summary>Creates the test actor under <c>/system</c>.</summary>
    protected void InitializeTest(ActorSystem system, string testActorName = "testActor")
    {
        _system = system;
        var queue = _queue;
        _testActor = system.SystemActorOf(Props.Create(() => new TestActor(queue)), $"{testActorName}{Interlocked.Increment(ref s_testActors)}");
    }

    /// <summary>Multiplies <paramref name="duration"/> by the time factor.</summary>
    public TimeSpan Dilated(TimeSpan duration) => duration == Timeout.InfiniteTimeSpan ? duration : TimeSpan.FromTicks((long)(duration.Ticks * TestKitSettings.TimeFactor));

    /// <summary>Makes the test actor watch <paramref name="actor"/>: its stop arrives as <see cref="Terminated"/>.</summary>
    public IActorRef Watch(IActorRef actor)
    {
        TestActor.Tell(new TestActor.WatchCommand(actor), TestActor);
        return actor;
    }

    /// <summary>Stops watching <paramref name="actor"/>.</summary>
    public IActorRef Unwatch(IActorRef actor)
    {
        TestActor.Tell(new TestActor.UnwatchCommand(actor), TestActor);
        return actor;
    }

    /// <summary>Installs an auto-pilot on the test actor.</summary>
    public void SetAutoPilot(AutoPilot pilot) => TestActor.Tell(new TestActor.SetPilot(pilot), TestActor);

    /// <summary>Sends <paramref name="message"/> to <see cref="LastSender"/> with the test actor as sender.</summary>
    public void Reply(object message) => LastSender.Tell(message, TestActor);

    /// <summary>Forwards the last received message (or <paramref name="message"/>) to <paramref name="actor"/>, keeping its sender.</summary>
    public void Forward(IActorRef actor, object? message = null) =>
        actor.Tell(message ?? _last?.Message ?? throw new InvalidOperationException("No message received yet."), _last?.Sender);

    /// <summary>Expects a message of type <typeparamref name="T"/>; another type fails.</summary>
    public T ExpectMsg<T>(TimeSpan? duration = null, string? hint = null) => ExpectMsgWhere<T>(null, duration, hint);

    /// <summary>Expects a message equal to <paramref name="message"/>.</summary>
    public T ExpectMsg<T>(T message, TimeSpan? duration = null, string? hint = null) =>
        ExpectMsgWhere<T>(m => Equals(m, message) ? null : $"expected {message} but got {m}", duration, hint);

    /// <summary>Expects a <typeparamref name="T"/> satisfying <paramref name="isMessage"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> isMessage, TimeSpan? duration = null, string? hint = null) =>
        ExpectMsgWhere<T>(m => isMessage(m) ? null : $"message {m} does not satisfy the predicate", duration, hint);

    /// <summary>Expects a <typeparamref name="T"/> and runs <paramref name="assert"/> on it.</summary>
    public T ExpectMsg<T>(Action<T> assert, TimeSpan? duration = null, string? hint = null) =>
        ExpectMsgWhere<T>(m =>
        {
            assert(m);
            return null;
        }, duration, hint);

    /// <summary>Expects a <typeparamref name="T"/> and runs <paramref name="assert"/> on it and its sender.</summary>
    public T ExpectMsg<T>(Action<T, IActorRef> assert, TimeSpan? duration = null, string? hint = null) =>
        ExpectMsgWhere<T>(m =>
        {
            assert(m, LastSender);
            return null;
        }, duration, hint);

    /// <summary>Expects a <typeparamref name="T"/> sent by <paramref name="sender"/>.</summary>
    public T ExpectMsgFrom<T>(IActorRef sender, TimeSpan? duration = null, string? hint = null) =>
        ExpectMsgWhere<T>(m => LastSender.Equals(sender) ? null : $"expected {typeof(T).Name} from {sender} but it came from {LastSender}", duration, hint);

    /// <summary>Expects <paramref name="message"/> sent by <paramref name="sender"/>.</summary>
    public T ExpectMsgFrom<T>(IActorRef sender, T message, TimeSpan? duration = null, string? hint = null) =>
        ExpectMsgWhere<T>(m => !LastSender.Equals(sender) ? $"expected {message} from {sender} but it came from {LastSender}" : Equals(m, message) ? null : $"expected {message} but got {m}", duration, hint);

    /// <summary>Expects exactly these messages, in any order.</summary>
    public IReadOnlyList<T> ExpectMsgAllOf<T>(params T[] messages) => ExpectMsgAllOf(RemainingOrDefault, messages);

    /// <summary>Expects exactly these messages, in any order, within <paramref name="max"/>.</summary>
    public IReadOnlyList<T> ExpectMsgAllOf<T>(TimeSpan max, params T[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long deadline = Environment.TickCount64 + (long)Dilated(max).TotalMilliseconds;
        var missing = messages.ToList();
        var received = new List<T>();
        while (missing.Count > 0)
        {
            var left = TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));
            if (!Take(left, out var envelope))
            {
                Assert.Fail($"Timeout ({max}) while waiting for {string.Join(", ", missing)}; received {string.Join(", ", received)}.");
            }

            if (envelope.Message is not T m)
            {
                Assert.Fail($"Expected one of {string.Join(", ", missing)} but got {envelope.Message.GetType().Name}: {envelope.Message}.");
                return [];
            }

            int index = missing.FindIndex(x => Equals(x, m));
            if (index < 0)
            {
                Assert.Fail($"Unexpected {m}; still waiting for {string.Join(", ", missing)}.");
            }

            missing.RemoveAt(index);
            received.Add(m);
        }

        return received;
    }

    /// <summary>Expects one message equal to any of <paramref name="messages"/>.</summary>
    public T ExpectMsgAnyOf<T>(params T[] messages) =>
        ExpectMsgWhere<T>(m => messages.Any(x => Equals(x, m)) ? null : $"expected any of {string.Join(", ", messages)} but got {m}", null, null);

    /// <summary>Receives <paramref name="n"/> messages of any type.</summary>
    public IReadOnlyList<object> ReceiveN(int n, TimeSpan? max = null)
    {
        var limit = max.HasValue ? Dilated(max.Value) : RemainingOrDefault;
        long deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        var result = new List<object>(n);
        for (int i = 0; i < n; i++)
        {
            if (!Take(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)), out var envelope))
            {
                Assert.Fail($"Timeout ({limit}) after {i} of {n} messages.");
            }

            result.Add(envelope.Message);
        }

        return result;
    }

    /// <summary>
    /// Receives messages while <paramref name="filter"/> maps them to non-null values, up to <paramref name="msgs"/>
    /// messages, until <paramref name="max"/> or until none arrives for <paramref name="idle"/>. The first
    /// message the filter rejects stays in the queue.
    /// </summary>
    public IReadOnlyList<T> ReceiveWhile<T>(Func<object, T?> filter, TimeSpan? max = null, TimeSpan? idle = null, int msgs = int.MaxValue)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(filter);
        var limit = max.HasValue ? Dilated(max.Value) : RemainingOrDefault;
        long deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        var result = new List<T>();
        while (result.Count < msgs)
        {
            var left = TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));
            if (idle is { } i && i < left)
            {
                left = Dilated(i);
            }

            if (!_queue.TryPeek(left, out var envelope))
            {
                break;
            }

            var value = filter(envelope.Message);
            if (value is null)
            {
                break;
            }

            _queue.TryTake(TimeSpan.Zero, out _);
            _last = envelope;
            result.Add(value);
        }

        return result;
    }

    /// <summary>Expects no message for <paramref name="duration"/> (default: the time left in <c>Within</c>, else 3 s).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        var wait = duration.HasValue ? Dilated(duration.Value) : _end.HasValue ? Remaining : Dilated(TestKitSettings.ExpectNoMessageDefault);
        if (_queue.TryPeek(wait, out var envelope))
        {
            Assert.Fail($"Expected no message within {wait} but got {envelope.Message.GetType().Name}: {envelope.Message} from {envelope.Sender}.");
        }
    }

    /// <summary>Same as <see cref="ExpectNoMsg"/> (Akka 1.5's name).</summary>
    public void ExpectNoMessage(TimeSpan? duration = null) => ExpectNoMsg(duration);

    /// <summary>Drops messages until a <typeparamref name="T"/> satisfying <paramref name="isMessage"/> arrives; fails on timeout.</summary>
    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? max = null, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(isMessage);
        var limit = max.HasValue ? Dilated(max.Value) : RemainingOrDefault;
        long deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (true)
        {
            if (!Take(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)), out var envelope))
            {
                Assert.Fail($"Timeout ({limit}) while fishing for {typeof(T).Name}. {hint}");
            }

            if (envelope.Message is T m && isMessage(m))
            {
                return m;
            }
        }
    }

    /// <summary>Expects <see cref="Terminated"/> for <paramref name="target"/> (watch it first with <see cref="Watch"/>).</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(target), timeout, $"Terminated of {target}");

    /// <summary>Polls <paramref name="condition"/> (every 100 ms by default) until it holds; fails after <paramref name="max"/>.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = max.HasValue ? Dilated(max.Value) : RemainingOrDefault;
        var step = interval ?? TimeSpan.FromMilliseconds(100);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                Assert.Fail($"Condition not met within {limit}. {message}");
            }

            Thread.Sleep(Min(step, limit - watch.Elapsed));
        }
    }

    /// <summary>Runs <paramref name="assertion"/> (every 100 ms by default) until it stops throwing; rethrows its last failure after <paramref name="duration"/>.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var limit = duration.HasValue ? Dilated(duration.Value) : RemainingOrDefault;
        var step = interval ?? TimeSpan.FromMilliseconds(100);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (watch.Elapsed < limit)
            {
                Thread.Sleep(Min(step, limit - watch.Elapsed));
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> with a deadline of <paramref name="max"/>; fails if it takes longer.</summary>
    public void Within(TimeSpan max, Action action) => Within(TimeSpan.Zero, max, action);

    /// <summary>Runs <paramref name="action"/>, failing unless it takes between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public void Within(TimeSpan min, TimeSpan max, Action action) => Within(min, max, () =>
    {
        action();
        return 0;
    });

    /// <summary>Runs <paramref name="function"/> within <paramref name="max"/> and returns its result.</summary>
    public T Within<T>(TimeSpan max, Func<T> function) => Within(TimeSpan.Zero, max, function);

    /// <summary>Runs <paramref name="function"/>, failing unless it takes between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var dilated = Dilated(max);
        var start = Stopwatch.StartNew();
        var outer = _end;
        long end = Environment.TickCount64 + (long)dilated.TotalMilliseconds;
        _end = outer is { } o && o < end ? o : end;
        T result;
        try
        {
            result = function();
        }
        finally
        {
            _end = outer;
        }

        var elapsed = start.Elapsed;
        if (elapsed < min)
        {
            Assert.Fail($"Block took {elapsed}, less than the minimum {min}.");
        }

        // Akka allows the block to finish slightly after the deadline it has been waiting for.
        if (elapsed > dilated + TimeSpan.FromMilliseconds(100))
        {
            Assert.Fail($"Block took {elapsed}, more than the maximum {dilated}.");
        }

        return result;
    }

    /// <summary>Async form of <see cref="ExpectMsg{T}(TimeSpan?, string?)"/>.</summary>
    public Task<T> ExpectMsgAsync<T>(TimeSpan? duration = null, string? hint = null) => Task.Run(() => ExpectMsg<T>(duration, hint));

    /// <summary>Async form of <see cref="ExpectMsg{T}(T, TimeSpan?, string?)"/>.</summary>
    public Task<T> ExpectMsgAsync<T>(T message, TimeSpan? duration = null, string? hint = null) => Task.Run(() => ExpectMsg(message, duration, hint));

    /// <summary>Async form of <see cref="ExpectMsg{T}(Predicate{T}, TimeSpan?, string?)"/>.</summary>
    public Task<T> ExpectMsgAsync<T>(Predicate<T> isMessage, TimeSpan? duration = null, string? hint = null) => Task.Run(() => ExpectMsg(isMessage, duration, hint));

    /// <summary>Async form of <see cref="ExpectNoMsg"/>.</summary>
    public Task ExpectNoMsgAsync(TimeSpan? duration = null) => Task.Run(() => ExpectNoMsg(duration));

    /// <summary>Async form of <see cref="ExpectTerminated"/>.</summary>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null) => Task.Run(() => ExpectTerminated(target, timeout));

    /// <summary>Async form of <see cref="FishForMessage{T}"/>.</summary>
    public Task<T> FishForMessageAsync<T>(Predicate<T> isMessage, TimeSpan? max = null, string? hint = null) => Task.Run(() => FishForMessage(isMessage, max, hint));

    /// <summary>Async form of <see cref="ReceiveN"/>.</summary>
    public Task<IReadOnlyList<object>> ReceiveNAsync(int n, TimeSpan? max = null) => Task.Run(() => ReceiveN(n, max));

    /// <summary>Async form of <see cref="AwaitCondition"/>.</summary>
    public async Task AwaitConditionAsync(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = max.HasValue ? Dilated(max.Value) : RemainingOrDefault;
        var step = interval ?? TimeSpan.FromMilliseconds(100);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                Assert.Fail($"Condition not met within {limit}. {message}");
            }

            await Task.Delay(Min(step, limit - watch.Elapsed)).ConfigureAwait(false);
        }
    }

    /// <summary>Async form of <see cref="AwaitAssert"/>.</summary>
    public async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var limit = duration.HasValue ? Dilated(duration.Value) : RemainingOrDefault;
        var step = interval ?? TimeSpan.FromMilliseconds(100);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Exception) when (watch.Elapsed < limit)
            {
                await Task.Delay(Min(step, limit - watch.Elapsed)).ConfigureAwait(false);
            }
        }
    }

    private T ExpectMsgWhere<T>(Func<T, string?>? check, TimeSpan? duration, string? hint)
    {
        var wait = duration.HasValue ? Dilated(duration.Value) : RemainingOrDefault;
        if (!Take(wait, out var envelope))
        {
            Assert.Fail($"Timeout ({wait}) while waiting for a message of type {typeof(T).Name}. {hint}");
        }

        if (envelope.Message is not T m)
        {
            Assert.Fail($"Expected a message of type {typeof(T).Name} but got {envelope.Message.GetType().Name}: {envelope.Message} from {envelope.Sender}. {hint}");
            return default!;
        }

        string? problem = check?.Invoke(m);
        if (problem is not null)
        {
            Assert.Fail($"{problem}. {hint}");
        }

        return m;
    }

    private bool Take(TimeSpan timeout, out MessageEnvelope envelope)
    {
        if (!_queue.TryTake(timeout, out envelope))
        {
            return false;
        }

        _last = envelope;
        return true;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? (a < TimeSpan.Zero ? TimeSpan.Zero : a) : (b < TimeSpan.Zero ? TimeSpan.Zero : b);
}
