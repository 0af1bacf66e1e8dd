namespace Weir.Actors.Capture;

/// <summary>The answer to <see cref="RotateNow"/>.</summary>
/// <param name="Blocks">The blocks handed to writeout, sorted by interface.</param>
public sealed record RotateResult(IReadOnlyList<RotatedBlock> Blocks);
