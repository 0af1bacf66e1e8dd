using System.Runtime.CompilerServices;

namespace Weir.Engine.Query;

/// <summary>The general grouping key: every attribute, unused ones zero.</summary>
internal readonly record struct GroupKey(UInt128 Source, UInt128 Destination, ushort Port, byte Protocol, byte Flags, int Interface, long Time)
    : IGroupKey<GroupKey>, IComparable<GroupKey>
{
    /// <summary>Flag: addresses are IPv6.</summary>
    public const byte IPv6Flag = 1;

    /// <summary>Flags no real key has.</summary>
    public static GroupKey Empty => new(0, 0, 0, 0, 0xFF, 0, 0);

    /// <summary>Whether the addresses are IPv6.</summary>
    public bool IsIPv6 => (Flags & IPv6Flag) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(in GroupKey k)
    {
        ulong h = ((ulong)k.Source * 0x9E3779B97F4A7C15UL) ^ ((ulong)(k.Source >> 64) * 0xC2B2AE3D27D4EB4FUL);
        h = (h ^ ((ulong)k.Destination * 0x165667B19E3779F9UL) ^ ((ulong)(k.Destination >> 64) * 0x27D4EB2F165667C5UL)) * 0x9E3779B97F4A7C15UL;
        h ^= (((ulong)k.Port << 16) | ((ulong)k.Protocol << 8) | k.Flags | ((ulong)(uint)k.Interface << 32)) * 0xFF51AFD7ED558CCDUL;
        h ^= (ulong)k.Time * 0xC4CEB9FE1A85EC53UL;
        return (h ^ (h >> 29)) * 0x9E3779B97F4A7C15UL;
    }

    /// <summary>A deterministic order for ties: time, interface, family, source, destination, port, protocol.</summary>
    public int CompareTo(GroupKey other)
    {
        int c = Time.CompareTo(other.Time);
        if (c != 0) return c;
        c = Interface.CompareTo(other.Interface);
        if (c != 0) return c;
        c = Flags.CompareTo(other.Flags);
        if (c != 0) return c;
        c = Source.CompareTo(other.Source);
        if (c != 0) return c;
        c = Destination.CompareTo(other.Destination);
        if (c != 0) return c;
        c = Port.CompareTo(other.Port);
        return c != 0 ? c : Protocol.CompareTo(other.Protocol);
    }
}
