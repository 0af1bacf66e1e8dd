namespace Weir.Engine.Query;

/// <summary>What a comparison in a condition looks at.</summary>
public enum ConditionField
{
    /// <summary><c>sip</c> / <c>src</c>: source address (an address or a CIDR).</summary>
    Sip,

    /// <summary><c>dip</c> / <c>dst</c>: destination address.</summary>
    Dip,

    /// <summary><c>host</c>: source or destination address.</summary>
    Host,

    /// <summary><c>snet</c>: source in a network.</summary>
    Snet,

    /// <summary><c>dnet</c>: destination in a network.</summary>
    Dnet,

    /// <summary><c>net</c>: source or destination in a network.</summary>
    Net,

    /// <summary><c>dport</c> / <c>port</c>: destination port.</summary>
    Dport,

    /// <summary><c>proto</c>: IP protocol by name or number.</summary>
    Proto,
}
