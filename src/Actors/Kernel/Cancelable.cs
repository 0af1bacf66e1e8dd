namespace Weir.Actors.Kernel;

/// <summary>A plain <see cref="ICancelable"/>: a flag.</summary>
public sealed class Cancelable : ICancelable
{
    private volatile bool _cancelled;

    /// <inheritdoc/>
    public bool IsCancellationRequested => _cancelled;

    /// <inheritdoc/>
    public void Cancel() => _cancelled = true;
}
