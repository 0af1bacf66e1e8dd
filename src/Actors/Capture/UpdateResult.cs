namespace Weir.Actors.Capture;

/// <summary>The answer to <see cref="UpdateInterfaces"/>: interface names, each list sorted.</summary>
/// <param name="Enabled">Interfaces that were not captured before and are now.</param>
/// <param name="Updated">Interfaces whose options changed (their capture restarted).</param>
/// <param name="Disabled">Interfaces captured before and not any more.</param>
public sealed record UpdateResult(IReadOnlyList<string> Enabled, IReadOnlyList<string> Updated, IReadOnlyList<string> Disabled);
