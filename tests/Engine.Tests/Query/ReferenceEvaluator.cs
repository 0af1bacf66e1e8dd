using Weir.Engine.Flows;
using Weir.Engine.Query;

namespace Weir.Engine.Tests.Query;

/// <summary>A deliberately naive evaluator of conditions over one flow key, to check the executor against.</summary>
internal static class ReferenceEvaluator
{
    public static bool Matches(ConditionNode? node, FlowKey k) => node switch
    {
        null => true,
        ConditionNode.And a => Matches(a.Left, k) && Matches(a.Right, k),
        ConditionNode.Or o => Matches(o.Left, k) || Matches(o.Right, k),
        ConditionNode.Not n => !Matches(n.Operand, k),
        ConditionNode.Comparison c => Compare(c, k),
        _ => throw new InvalidOperationException(),
    };

    private static bool Compare(ConditionNode.Comparison c, FlowKey k)
    {
        switch (c.Field)
        {
            case ConditionField.Dport:
                return Op(c.Operator, k.DestinationPort.CompareTo((ushort)c.Value.Number));
            case ConditionField.Proto:
                return Op(c.Operator, k.Protocol.CompareTo((byte)c.Value.Number));
            case ConditionField.Host:
            case ConditionField.Net:
            {
                bool s = In(k.Source, k, c.Value), d = In(k.Destination, k, c.Value);
                return c.Operator == ComparisonOperator.Equal ? s || d : !s && !d;
            }

            default:
            {
                UInt128 a = c.Field is ConditionField.Sip or ConditionField.Snet ? k.Source : k.Destination;
                if (c.Operator is ComparisonOperator.Equal or ComparisonOperator.NotEqual)
                {
                    return In(a, k, c.Value) == (c.Operator == ComparisonOperator.Equal);
                }

                return k.IsIPv6 == c.Value.IsIPv6 && Op(c.Operator, a.CompareTo(c.Value.Low));
            }
        }
    }

    private static bool In(UInt128 a, FlowKey k, ConditionValue v) => k.IsIPv6 == v.IsIPv6 && a >= v.Low && a <= v.High;

    private static bool Op(ComparisonOperator op, int cmp) => op switch
    {
        ComparisonOperator.Equal => cmp == 0,
        ComparisonOperator.NotEqual => cmp != 0,
        ComparisonOperator.Less => cmp < 0,
        ComparisonOperator.LessOrEqual => cmp <= 0,
        ComparisonOperator.Greater => cmp > 0,
        _ => cmp >= 0,
    };
}
