using Weir.Engine.Flows;

namespace Weir.Actors.Writeout;

/// <summary>
/// Asks <c>/user/writeout</c> to write <paramref name="Block"/>. Blocks are written in arrival order; the
/// sender gets <see cref="BlockWritten"/> once the block is durable (after retries, however long they take).
/// </summary>
/// <param name="Block">The block (from <c>FlowLog.Rotate</c>).</param>
public sealed record WriteBlock(FlowBlock Block);
