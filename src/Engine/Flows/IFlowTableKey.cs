namespace Weir.Engine.Flows;

/// <summary>
/// A fixed-size flow key a <see cref="FlowTable{TKey}"/> can hold: compared by value and hashed without
/// allocation. Implemented by value types only, so the table's generic code is specialised per key type and
/// the calls below are inlined rather than dispatched.
/// </summary>
/// <typeparam name="TKey">The implementing key type.</typeparam>
internal interface IFlowTableKey<TKey> : IEquatable<TKey>
    where TKey : unmanaged, IFlowTableKey<TKey>
{
    /// <summary>A 64-bit hash under <paramref name="seed"/> whose low bits are well mixed (the table masks them to pick a slot).</summary>
    ulong Hash(ulong seed);

    /// <summary>The public key this fixed-size key stands for.</summary>
    FlowKey ToFlowKey();

    /// <summary>The key's oriented address pair and protocol.</summary>
    FlowPair Pair { get; }
}
