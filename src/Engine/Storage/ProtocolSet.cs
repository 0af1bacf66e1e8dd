namespace Weir.Engine.Storage;

/// <summary>A set of IP protocol numbers (0–255) as a 256-bit map.</summary>
/// <param name="W0">Protocols 0–63.</param>
/// <param name="W1">Protocols 64–127.</param>
/// <param name="W2">Protocols 128–191.</param>
/// <param name="W3">Protocols 192–255.</param>
public readonly record struct ProtocolSet(ulong W0, ulong W1, ulong W2, ulong W3)
{
    /// <summary>Whether <paramref name="protocol"/> is in the set.</summary>
    public bool Contains(byte protocol) => ((Word(protocol >> 6) >> (protocol & 63)) & 1) != 0;

    /// <summary>Whether any protocol in [<paramref name="min"/>, <paramref name="max"/>] is in the set.</summary>
    public bool ContainsAny(int min, int max)
    {
        for (int p = Math.Max(min, 0); p <= Math.Min(max, 255); p++)
        {
            if (Contains((byte)p))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the set holds exactly one protocol, and which.</summary>
    public bool IsSingle(out byte protocol)
    {
        protocol = 0;
        int count = 0;
        for (int p = 0; p < 256; p++)
        {
            if (Contains((byte)p))
            {
                protocol = (byte)p;
                count++;
            }
        }

        return count == 1;
    }

    /// <summary>The set with <paramref name="protocol"/> added.</summary>
    public ProtocolSet With(byte protocol)
    {
        ulong bit = 1UL << (protocol & 63);
        return (protocol >> 6) switch
        {
            0 => this with { W0 = W0 | bit },
            1 => this with { W1 = W1 | bit },
            2 => this with { W2 = W2 | bit },
            _ => this with { W3 = W3 | bit },
        };
    }

    private ulong Word(int i) => i switch { 0 => W0, 1 => W1, 2 => W2, _ => W3 };
}
