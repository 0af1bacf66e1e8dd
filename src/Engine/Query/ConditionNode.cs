namespace Weir.Engine.Query;

/// <summary>The syntax tree of a query condition. <see cref="ToString"/> prints a canonical, fully parenthesised form.</summary>
public abstract record ConditionNode
{
    /// <summary>1-based column in the condition text where the node starts.</summary>
    public int Column { get; init; }

    /// <summary>Both operands hold.</summary>
    /// <param name="Left">Left operand.</param>
    /// <param name="Right">Right operand.</param>
    public sealed record And(ConditionNode Left, ConditionNode Right) : ConditionNode
    {
        /// <inheritdoc />
        public override string ToString() => $"({Left} & {Right})";
    }

    /// <summary>Either operand holds.</summary>
    /// <param name="Left">Left operand.</param>
    /// <param name="Right">Right operand.</param>
    public sealed record Or(ConditionNode Left, ConditionNode Right) : ConditionNode
    {
        /// <inheritdoc />
        public override string ToString() => $"({Left} | {Right})";
    }

    /// <summary>The operand does not hold.</summary>
    /// <param name="Operand">The negated condition.</param>
    public sealed record Not(ConditionNode Operand) : ConditionNode
    {
        /// <inheritdoc />
        public override string ToString() => $"!{Operand}";
    }

    /// <summary>A field compared with a value.</summary>
    /// <param name="Field">The field.</param>
    /// <param name="Operator">The operator.</param>
    /// <param name="Value">The parsed value.</param>
    public sealed record Comparison(ConditionField Field, ComparisonOperator Operator, ConditionValue Value) : ConditionNode
    {
        /// <inheritdoc />
        public override string ToString() => $"{FieldName(Field)} {OperatorText(Operator)} {Value}";
    }

    /// <summary>The canonical name of a field.</summary>
    public static string FieldName(ConditionField field) => field.ToString().ToLowerInvariant();

    /// <summary>The symbol of an operator.</summary>
    public static string OperatorText(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };
}
