namespace Weir.Actors.Kernel;

/// <summary>A handle that cancels scheduled work (Akka's <c>ICancelable</c>).</summary>
public interface ICancelable
{
    /// <summary>Whether <see cref="Cancel"/> was called.</summary>
    bool IsCancellationRequested { get; }

    /// <summary>Cancels; work not yet started will not run. Idempotent.</summary>
    void Cancel();
}
