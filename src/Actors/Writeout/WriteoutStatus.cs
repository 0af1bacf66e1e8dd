namespace Weir.Actors.Writeout;

/// <summary>The answer to <see cref="GetWriteoutStatus"/>.</summary>
/// <param name="Queued">Blocks waiting to be written (including one being retried).</param>
/// <param name="BlocksWritten">Blocks written since start.</param>
/// <param name="FlowsWritten">Flows written since start.</param>
/// <param name="LastWritten">The last block written, per interface (the progress persistence stores).</param>
/// <param name="LastError">The last write failure, or <c>null</c>.</param>
/// <param name="Retrying">Whether the block at the head of the queue is waiting for a retry.</param>
public sealed record WriteoutStatus(
    int Queued,
    long BlocksWritten,
    long FlowsWritten,
    IReadOnlyDictionary<string, BlockWritten> LastWritten,
    string? LastError,
    bool Retrying);
