namespace Weir.Engine.Query;

/// <summary>Comparison operators of the condition language.</summary>
public enum ComparisonOperator
{
    /// <summary><c>=</c> (for networks: inside).</summary>
    Equal,

    /// <summary><c>!=</c> (for networks: outside).</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,
}
