namespace Weir.Actors.Kernel;

/// <summary>Marks messages the kernel handles itself before the actor's behaviour (<see cref="PoisonPill"/>, <see cref="Kill"/>, <see cref="Identify"/>).</summary>
public interface IAutoReceivedMessage;
