namespace Weir.Actors.Writeout;

/// <summary>
/// The acknowledgement of a <see cref="WriteBlock"/>, sent to its sender and published on the event stream
/// (subscribe to <see cref="BlockWritten"/> to persist writeout progress).
/// </summary>
/// <param name="Interface">The block's interface.</param>
/// <param name="Start">Start of its interval.</param>
/// <param name="End">End of its interval.</param>
/// <param name="Flows">Flows written.</param>
/// <param name="Packets">Packets in those flows.</param>
/// <param name="Bytes">Bytes in those flows.</param>
/// <param name="Sequence">1 for the first block this writeout actor wrote, then +1 per block.</param>
/// <param name="Duration">Time the write took (the last, successful attempt).</param>
public sealed record BlockWritten(string Interface, DateTimeOffset Start, DateTimeOffset End, int Flows, long Packets, long Bytes, long Sequence, TimeSpan Duration);
