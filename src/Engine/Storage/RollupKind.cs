namespace Weir.Engine.Storage;

/// <summary>What a day roll-up is keyed by: one file per kind in the day directory.</summary>
public enum RollupKind
{
    /// <summary>(sip, dip) pairs: <c>talkers.rollup</c>.</summary>
    Pairs,

    /// <summary>Source addresses (dip stored as zero): <c>sources.rollup</c>.</summary>
    Sources,

    /// <summary>Destination addresses (sip stored as zero): <c>destinations.rollup</c>.</summary>
    Destinations,
}
