using Weir.Actors.Kernel;
using Weir.Actors.Persistence;
using Weir.Actors.Writeout;

namespace Weir.Host.Run;

/// <summary>
/// Persists writeout progress: subscribed to <see cref="BlockWritten"/> on the event stream, it journals the end of
/// every interval stored, so <c>GET /status</c> (and a restarted host) knows how far each interface is written.
/// </summary>
public sealed class WriteoutProgressRecorder : IActorRef
{
    private readonly WriteoutProgress _progress;
    private readonly HostLog _log;

    /// <summary>Creates the recorder.</summary>
    public WriteoutProgressRecorder(WriteoutProgress progress, HostLog log)
    {
        _progress = progress;
        _log = log;
    }

    /// <inheritdoc/>
    public ActorPath Path { get; } = ActorPath.Root("weir") / "system" / "writeout-progress";

    /// <inheritdoc/>
    public void Tell(object message, IActorRef? sender)
    {
        if (message is BlockWritten written)
        {
            try
            {
                _progress.RecordWritten(written.Interface, written.End);
            }
            catch (PersistenceException e)
            {
                // The block is in the flow database; only the bookkeeping failed, and the next block retries it.
                _log.Write("WARNING", "persistence", e.Message);
            }
        }
    }

    /// <inheritdoc/>
    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc/>
    public override int GetHashCode() => Path.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => Path.ToString();
}
