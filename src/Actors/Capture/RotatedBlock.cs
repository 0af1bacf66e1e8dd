namespace Weir.Actors.Capture;

/// <summary>One block handed to writeout by a rotation.</summary>
/// <param name="Interface">The interface.</param>
/// <param name="Start">Start of the interval.</param>
/// <param name="End">End of the interval.</param>
/// <param name="Flows">Flows in the block.</param>
/// <param name="Packets">Packets counted into its flows.</param>
/// <param name="Bytes">Bytes counted into its flows.</param>
public sealed record RotatedBlock(string Interface, DateTimeOffset Start, DateTimeOffset End, int Flows, long Packets, long Bytes);
