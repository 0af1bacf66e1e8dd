namespace Weir.Actors.Kernel;

/// <summary>The actor's constructor, <c>PreStart</c> or <c>PostRestart</c> threw; the default decider stops the actor.</summary>
public sealed class ActorInitializationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ActorInitializationException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ActorInitializationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public ActorInitializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="actor"/>.</summary>
    public ActorInitializationException(IActorRef? actor, string message, Exception innerException)
        : base(message, innerException)
    {
        Actor = actor;
    }

    /// <summary>The actor that failed to start.</summary>
    public IActorRef? Actor { get; }
}
