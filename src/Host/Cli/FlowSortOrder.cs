namespace Weir.Host.Cli;

/// <summary>How <c>weir flows</c> orders its flows (largest first).</summary>
internal enum FlowSortOrder
{
    /// <summary>By bytes in both directions.</summary>
    Bytes,

    /// <summary>By packets in both directions.</summary>
    Packets,
}
