using System.Linq.Expressions;

namespace Weir.Actors.Kernel;

/// <summary>
/// How to create an actor: its type, a factory (run again on every restart, so each incarnation starts
/// fresh), the mailbox, the dispatcher and the supervisor strategy for its children. Immutable.
/// </summary>
public sealed class Props
{
    private Props(Type type, Func<ActorBase> factory, string mailbox, string dispatcher, SupervisorStrategy? strategy)
    {
        Type = type;
        Factory = factory;
        Mailbox = mailbox;
        Dispatcher = dispatcher;
        SupervisorStrategy = strategy;
    }

    /// <summary>The actor's type.</summary>
    public Type Type { get; }

    /// <summary>The mailbox id (a key of <see cref="ActorSystemSettings.Mailboxes"/>).</summary>
    public string Mailbox { get; }

    /// <summary>The dispatcher id: <see cref="ActorSystemSettings.DefaultDispatcherId"/> or <see cref="ActorSystemSettings.PinnedDispatcherId"/>.</summary>
    public string Dispatcher { get; }

    /// <summary>The strategy the actor applies to its children when it does not override <see cref="ActorBase.SupervisorStrategy"/>.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    internal Func<ActorBase> Factory { get; }

    /// <summary>Props for <typeparamref name="T"/> built with its parameterless constructor.</summary>
    public static Props Create<T>()
        where T : ActorBase, new() =>
        new(typeof(T), static () => new T(), ActorSystemSettings.DefaultMailboxId, DefaultDispatcherFor(typeof(T)), null);

    /// <summary>Props whose factory is <paramref name="factory"/> (compiled once, invoked on every start and restart).</summary>
    public static Props Create<T>(Expression<Func<T>> factory)
        where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        var compiled = factory.Compile();
        return new(typeof(T), compiled, ActorSystemSettings.DefaultMailboxId, DefaultDispatcherFor(typeof(T)), null);
    }

    /// <summary>A copy that uses the mailbox named <paramref name="mailboxId"/>.</summary>
    public Props WithMailbox(string mailboxId)
    {
        ArgumentException.ThrowIfNullOrEmpty(mailboxId);
        return new(Type, Factory, mailboxId, Dispatcher, SupervisorStrategy);
    }

    /// <summary>A copy that runs on dispatcher <paramref name="dispatcherId"/> (<c>"pinned"</c>: a dedicated thread).</summary>
    public Props WithDispatcher(string dispatcherId)
    {
        ArgumentException.ThrowIfNullOrEmpty(dispatcherId);
        return new(Type, Factory, Mailbox, dispatcherId, SupervisorStrategy);
    }

    /// <summary>A copy whose children are supervised by <paramref name="strategy"/>.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new(Type, Factory, Mailbox, Dispatcher, strategy);
    }

    internal ActorBase NewActor() => Factory();

    // A loop actor needs its own thread; giving it one by default removes a way to get it wrong.
    private static string DefaultDispatcherFor(Type type) =>
        typeof(PinnedLoopActor).IsAssignableFrom(type) ? ActorSystemSettings.PinnedDispatcherId : ActorSystemSettings.DefaultDispatcherId;
}
