using Weir.Actors.Writeout;

namespace Weir.Actors;

/// <summary>Optional parts of <see cref="WeirActors.Start"/>, for tests and embedding.</summary>
public sealed record WeirActorsOptions
{
    /// <summary>The defaults.</summary>
    public static WeirActorsOptions Default { get; } = new();

    /// <summary>Makes the writeout sink; default: a <see cref="FlowDbSink"/> at <c>weir.db.path</c>.</summary>
    public Func<IFlowBlockSink>? SinkFactory { get; init; }

    /// <summary>Lists the host's interface names for patterns and discovery; default: <c>NetworkInterfaces.UpNames</c> (interfaces that are up).</summary>
    public Func<IReadOnlyList<string>>? ListInterfaces { get; init; }

    /// <summary>Whether the capture manager starts with <c>weir.capture.interfaces</c> (and discovery when <c>weir.capture.discover</c> is on).</summary>
    public bool ApplyConfiguredInterfaces { get; init; } = true;

    /// <summary>Whether to add the capture tasks to <c>CoordinatedShutdown</c> (stop capture, then rotate and await writeout).</summary>
    public bool AddShutdownTasks { get; init; } = true;

    /// <summary>Whether <c>/user/rotation</c> rotates on the interval boundaries (off: only <c>RotateNow</c> rotates).</summary>
    public bool ScheduleRotation { get; init; } = true;
}
