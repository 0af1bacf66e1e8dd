namespace Weir.Actors.Kernel;

/// <summary>The sliding receive timeout.</summary>
internal sealed partial class ActorCell
{
    private TimeSpan? _receiveTimeout;
    private ICancelable? _receiveTimeoutTask;

    public TimeSpan? ReceiveTimeout => _receiveTimeout;

    private void RescheduleReceiveTimeout()
    {
        _receiveTimeoutTask?.Cancel();
        _receiveTimeoutTask = _receiveTimeout is { } timeout && _state == CellState.Running
            ? System.Scheduler.ScheduleTellOnceCancelable(timeout, SelfRef, Kernel.ReceiveTimeout.Instance, null)
            : null;
    }

    private void CancelReceiveTimeout()
    {
        _receiveTimeoutTask?.Cancel();
        _receiveTimeoutTask = null;
        _receiveTimeout = null;
    }
}
