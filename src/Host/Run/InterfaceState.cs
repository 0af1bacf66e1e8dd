namespace Weir.Host.Run;

/// <summary>One interface as <c>GET /status</c> reports it.</summary>
/// <param name="Name">The interface name.</param>
/// <param name="Enabled">Whether the operator wants it captured (the persisted desired state).</param>
/// <param name="State">What capture is doing: <c>capturing</c>, <c>restarting</c>, <c>stopped</c>, <c>disabled</c> or <c>desired</c> (no capture actors).</param>
/// <param name="Packets">Packets counted since the host started.</param>
/// <param name="Bytes">Bytes counted since the host started.</param>
/// <param name="Flows">Flows in the current (not yet written) interval.</param>
/// <param name="Drops">Packets lost (kernel drops and full local buffers).</param>
public sealed record InterfaceState(string Name, bool Enabled, string State, long Packets, long Bytes, long Flows, long Drops);
