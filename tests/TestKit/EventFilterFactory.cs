using Weir.Actors.Kernel;

namespace Weir.TestKit;

/// <summary>Builds <see cref="EventFilterApplier"/>s (Akka's <c>EventFilterFactory</c>); text criteria match the event's message or its exception's message.</summary>
public sealed class EventFilterFactory
{
    private readonly TestEventListener _listener;
    private readonly TestKitBase _kit;

    internal EventFilterFactory(TestEventListener listener, TestKitBase kit)
    {
        _listener = listener;
        _kit = kit;
    }

    /// <summary>Error events whose cause is a <typeparamref name="T"/>.</summary>
    public EventFilterApplier Exception<T>(string? message = null, string? start = null, string? contains = null, string? source = null)
        where T : Exception => Exception(typeof(T), message, start, contains, source);

    /// <summary>Error events whose cause is an <paramref name="exceptionType"/>.</summary>
    public EventFilterApplier Exception(Type exceptionType, string? message = null, string? start = null, string? contains = null, string? source = null) =>
        Log<Error>(e => e.Cause is not null && exceptionType.IsInstanceOfType(e.Cause), message, start, contains, source, $"Exception<{exceptionType.Name}>");

    /// <summary>Error events.</summary>
    public EventFilterApplier Error(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        Log<Error>(_ => true, message, start, contains, source, "Error");

    /// <summary>Warning events.</summary>
    public EventFilterApplier Warning(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        Log<Warning>(_ => true, message, start, contains, source, "Warning");

    /// <summary>Info events.</summary>
    public EventFilterApplier Info(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        Log<Info>(_ => true, message, start, contains, source, "Info");

    /// <summary>Debug events.</summary>
    public EventFilterApplier Debug(string? message = null, string? start = null, string? contains = null, string? source = null) =>
        Log<Debug>(_ => true, message, start, contains, source, "Debug");

    /// <summary>Dead letters carrying a <typeparamref name="T"/>.</summary>
    public EventFilterApplier DeadLetter<T>(Predicate<T>? isMatch = null) =>
        new(_listener, _kit, o => o is Actors.Kernel.DeadLetter d && d.Message is T m && (isMatch is null || isMatch(m)), $"DeadLetter<{typeof(T).Name}>");

    /// <summary>Any dead letter.</summary>
    public EventFilterApplier DeadLetter() => DeadLetter<object>();

    /// <summary>Log events satisfying <paramref name="predicate"/>.</summary>
    public EventFilterApplier Custom(Predicate<LogEvent> predicate) =>
        new(_listener, _kit, o => o is LogEvent e && predicate(e), "Custom");

    /// <summary>Log events of type <typeparamref name="T"/> satisfying <paramref name="predicate"/>.</summary>
    public EventFilterApplier Custom<T>(Predicate<T> predicate)
        where T : LogEvent =>
        new(_listener, _kit, o => o is T e && predicate(e), $"Custom<{typeof(T).Name}>");

    private EventFilterApplier Log<T>(Predicate<T> kind, string? message, string? start, string? contains, string? source, string name)
        where T : LogEvent
    {
        bool Text(string? text) =>
            text is not null &&
            (message is null || text == message) &&
            (start is null || text.StartsWith(start, StringComparison.Ordinal)) &&
            (contains is null || text.Contains(contains, StringComparison.Ordinal));

        string description = $"{name}(message: {message}, start: {start}, contains: {contains}, source: {source})";
        return new(_listener, _kit, o =>
            o is T e && kind(e) &&
            (source is null || e.LogSource == source) &&
            (message is null && start is null && contains is null || Text(e.Message?.ToString()) || Text(e.Cause?.Message)),
            description);
    }
}
