namespace Weir.Engine.Query;

/// <summary>A key of <see cref="GroupMap{TKey}"/>: equatable, with a reserved empty value and a 64-bit hash
/// whose high bits are well mixed (the map indexes by the top bits).</summary>
internal interface IGroupKey<TSelf> : IEquatable<TSelf>
    where TSelf : struct, IGroupKey<TSelf>
{
    /// <summary>The value marking a free slot.</summary>
    static abstract TSelf Empty { get; }

    /// <summary>The key's hash.</summary>
    static abstract ulong Hash(in TSelf key);
}
