using Weir.Engine.Flows;

namespace Weir.Engine.Query;

/// <summary>The value side of a comparison: an address range (an address is a /32 or /128) or a number.</summary>
/// <param name="Low">First address of the range.</param>
/// <param name="High">Last address of the range.</param>
/// <param name="IsIPv6">Address family.</param>
/// <param name="PrefixLength">CIDR prefix length (32 / 128 for a single address); -1 for a number.</param>
/// <param name="Number">The number (port or protocol) when <paramref name="PrefixLength"/> is -1.</param>
public sealed record ConditionValue(UInt128 Low, UInt128 High, bool IsIPv6, int PrefixLength, uint Number)
{
    /// <summary>Whether the value is an address or network.</summary>
    public bool IsAddress => PrefixLength >= 0;

    /// <summary>Whether the value is a single address.</summary>
    public bool IsSingleAddress => IsAddress && Low == High;

    /// <summary>A number value.</summary>
    public static ConditionValue OfNumber(uint n) => new(0, 0, false, -1, n);

    /// <inheritdoc />
    public override string ToString()
    {
        if (!IsAddress)
        {
            return Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        string a = FlowKey.ToIPAddress(Low, IsIPv6).ToString();
        return IsSingleAddress ? a : $"{a}/{PrefixLength}";
    }
}
