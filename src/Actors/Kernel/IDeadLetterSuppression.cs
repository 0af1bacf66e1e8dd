namespace Weir.Actors.Kernel;

/// <summary>Messages whose arrival in dead letters is published but not logged (lifecycle noise such as <see cref="PoisonPill"/>).</summary>
public interface IDeadLetterSuppression;
