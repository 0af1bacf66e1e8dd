namespace Weir.Actors.Kernel;

/// <summary>Messages that do not reset the actor's receive timeout (<see cref="IActorContext.SetReceiveTimeout"/>).</summary>
public interface INotInfluenceReceiveTimeout;
