using System.Buffers;
using Weir.Engine.Storage;

namespace Weir.Engine.Query;

/// <summary>
/// A condition compiled for scanning. Every comparison becomes "field in [low, high]", possibly negated, so a row
/// test is a subtraction and a compare; a block test decides from the column bounds whether the block may hold a
/// matching row (three-valued: may be true, may be false). Rows are evaluated column-wise into a 0/1 mask per
/// address family, one pass per comparison, without a per-row virtual call.
/// </summary>
internal abstract class ConditionFilter
{
    /// <summary>Columns the filter reads.</summary>
    public abstract FlowColumns Columns { get; }

    /// <summary>Compiles a parsed condition.</summary>
    public static ConditionFilter Compile(ConditionNode node) => node switch
    {
        ConditionNode.And a => new Combine(Compile(a.Left), Compile(a.Right), and: true),
        ConditionNode.Or o => new Combine(Compile(o.Left), Compile(o.Right), and: false),
        ConditionNode.Not n => new Negate(Compile(n.Operand)),
        ConditionNode.Comparison c => CompileComparison(c),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    /// <summary>Whether rows of one family of a block with these bounds may satisfy / may fail the condition.</summary>
    public abstract (bool MayBeTrue, bool MayBeFalse) Check(in BlockSummary summary, bool ipv6);

    /// <summary>Sets <paramref name="mask"/>[i] to 1 where row i of the family section matches, else 0.</summary>
    public abstract void Evaluate(BlockColumns columns, bool ipv6, Span<byte> mask);

    private static ConditionFilter CompileComparison(ConditionNode.Comparison c)
    {
        ConditionValue v = c.Value;
        switch (c.Field)
        {
            case ConditionField.Dport:
            case ConditionField.Proto:
            {
                (bool empty, ulong lo, ulong hi, bool negate) = NumberRange(c.Operator, v.Number, c.Field == ConditionField.Dport ? ushort.MaxValue : byte.MaxValue);
                return new NumberRangeFilter(c.Field == ConditionField.Dport, empty, lo, hi, negate);
            }

            case ConditionField.Host:
            case ConditionField.Net:
            {
                // host = X: either side is X; host != X: neither side is X (goQuery's reading).
                var src = new AddressRangeFilter(false, v.IsIPv6, v.Low, v.High, c.Operator == ComparisonOperator.NotEqual);
                var dst = new AddressRangeFilter(true, v.IsIPv6, v.Low, v.High, c.Operator == ComparisonOperator.NotEqual);
                return new Combine(src, dst, and: c.Operator == ComparisonOperator.NotEqual);
            }

            default:
            {
                bool destination = c.Field is ConditionField.Dip or ConditionField.Dnet;
                UInt128 max = v.IsIPv6 ? UInt128.MaxValue : uint.MaxValue;
                (bool empty, UInt128 lo, UInt128 hi, bool negate) = c.Operator switch
                {
                    ComparisonOperator.Equal => (false, v.Low, v.High, false),
                    ComparisonOperator.NotEqual => (false, v.Low, v.High, true),
                    ComparisonOperator.Less => (v.Low == 0, UInt128.Zero, v.Low == 0 ? 0 : v.Low - 1, false),
                    ComparisonOperator.LessOrEqual => (false, UInt128.Zero, v.Low, false),
                    ComparisonOperator.Greater => (v.Low == max, v.Low == max ? max : v.Low + 1, max, false),
                    _ => (false, v.Low, max, false),
                };
                return empty ? new Constant(false) : new AddressRangeFilter(destination, v.IsIPv6, lo, hi, negate);
            }
        }
    }

    private static (bool Empty, ulong Low, ulong High, bool Negate) NumberRange(ComparisonOperator op, uint n, ulong max) => op switch
    {
        ComparisonOperator.Equal => (false, n, n, false),
        ComparisonOperator.NotEqual => (false, n, n, true),
        ComparisonOperator.Less => (n == 0, 0, n == 0 ? 0 : n - 1UL, false),
        ComparisonOperator.LessOrEqual => (false, 0, n, false),
        ComparisonOperator.Greater => (n >= max, n + 1UL, max, false),
        _ => (false, n, max, false),
    };

    private static (bool MayBeTrue, bool MayBeFalse) RangeCheck<T>(T lo, T hi, T min, T max, bool negate)
        where T : IComparable<T>
    {
        bool overlap = lo.CompareTo(max) <= 0 && hi.CompareTo(min) >= 0;
        bool allIn = lo.CompareTo(min) <= 0 && hi.CompareTo(max) >= 0;
        return negate ? (!allIn, overlap) : (overlap, !allIn);
    }

    private sealed class Constant(bool value) : ConditionFilter
    {
        public override FlowColumns Columns => FlowColumns.None;

        public override (bool MayBeTrue, bool MayBeFalse) Check(in BlockSummary summary, bool ipv6) => (value, !value);

        public override void Evaluate(BlockColumns columns, bool ipv6, Span<byte> mask) => mask.Fill(value ? (byte)1 : (byte)0);
    }

    private sealed class Combine(ConditionFilter left, ConditionFilter right, bool and) : ConditionFilter
    {
        public override FlowColumns Columns => left.Columns | right.Columns;

        public override (bool MayBeTrue, bool MayBeFalse) Check(in BlockSummary summary, bool ipv6)
        {
            (bool lt, bool lf) = left.Check(summary, ipv6);
            (bool rt, bool rf) = right.Check(summary, ipv6);
            return and ? (lt && rt, lf || rf) : (lt || rt, lf && rf);
        }

        public override void Evaluate(BlockColumns columns, bool ipv6, Span<byte> mask)
        {
            left.Evaluate(columns, ipv6, mask);
            byte[] tmp = ArrayPool<byte>.Shared.Rent(mask.Length);
            try
            {
                Span<byte> t = tmp.AsSpan(0, mask.Length);
                right.Evaluate(columns, ipv6, t);
                if (and)
                {
                    for (int i = 0; i < mask.Length; i++)
                    {
                        mask[i] &= t[i];
                    }
                }
                else
                {
                    for (int i = 0; i < mask.Length; i++)
                    {
                        mask[i] |= t[i];
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(tmp);
            }
        }
    }

    private sealed class Negate(ConditionFilter operand) : ConditionFilter
    {
        public override FlowColumns Columns => operand.Columns;

        public override (bool MayBeTrue, bool MayBeFalse) Check(in BlockSummary summary, bool ipv6)
        {
            (bool t, bool f) = operand.Check(summary, ipv6);
            return (f, t);
        }

        public override void Evaluate(BlockColumns columns, bool ipv6, Span<byte> mask)
        {
            operand.Evaluate(columns, ipv6, mask);
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] ^= 1;
            }
        }
    }

    private sealed class NumberRangeFilter(bool port, bool empty, ulong low, ulong high, bool negate) : ConditionFilter
    {
        public override FlowColumns Columns => port ? FlowColumns.Dport : FlowColumns.Proto;

        public override (bool MayBeTrue, bool MayBeFalse) Check(in BlockSummary summary, bool ipv6)
        {
            if (empty)
            {
                return (negate, !negate);
            }

            if (port)
            {
                return RangeCheck(low, high, summary.PortMin, (ulong)summary.PortMax, negate);
            }

            bool overlap = summary.Protocols.ContainsAny((int)low, (int)high);
            bool allIn = !summary.Protocols.ContainsAny(0, (int)low - 1) && !summary.Protocols.ContainsAny((int)high + 1, 255);
            return negate ? (!allIn, overlap) : (overlap, !allIn);
        }

        public override void Evaluate(BlockColumns columns, bool ipv6, Span<byte> mask)
        {
            if (empty)
            {
                mask.Fill(negate ? (byte)1 : (byte)0);
                return;
            }

            int offset = ipv6 ? columns.Rows4 : 0;
            byte flip = negate ? (byte)1 : (byte)0;
            ulong width = high - low;
            if (port)
            {
                ReadOnlySpan<ushort> p = columns.Port.AsSpan(offset, mask.Length);
                for (int i = 0; i < mask.Length; i++)
                {
                    mask[i] = (byte)((p[i] - low <= width ? 1 : 0) ^ flip);
                }
            }
            else
            {
                ReadOnlySpan<byte> p = columns.Proto.AsSpan(offset, mask.Length);
                for (int i = 0; i < mask.Length; i++)
                {
                    mask[i] = (byte)((p[i] - low <= width ? 1 : 0) ^ flip);
                }
            }
        }
    }

    private sealed class AddressRangeFilter(bool destination, bool ipv6Value, UInt128 low, UInt128 high, bool negate) : ConditionFilter
    {
        public override FlowColumns Columns => destination ? FlowColumns.Dip : FlowColumns.Sip;

        public override (bool MayBeTrue, bool MayBeFalse) Check(in BlockSummary summary, bool ipv6)
        {
            if (ipv6 != ipv6Value)
            {
                return (negate, !negate);
            }

            return ipv6
                ? RangeCheck(low, high, destination ? summary.DestinationMin6 : summary.SourceMin6, destination ? summary.DestinationMax6 : summary.SourceMax6, negate)
                : RangeCheck(low, high, (UInt128)(destination ? summary.DestinationMin4 : summary.SourceMin4), destination ? summary.DestinationMax4 : summary.SourceMax4, negate);
        }

        public override void Evaluate(BlockColumns columns, bool ipv6, Span<byte> mask)
        {
            byte flip = negate ? (byte)1 : (byte)0;
            if (ipv6 != ipv6Value)
            {
                mask.Fill(flip);
                return;
            }

            if (ipv6)
            {
                ReadOnlySpan<UInt128> a = (destination ? columns.Dip6 : columns.Sip6).AsSpan(0, mask.Length);
                UInt128 width = high - low;
                for (int i = 0; i < mask.Length; i++)
                {
                    mask[i] = (byte)((a[i] - low <= width ? 1 : 0) ^ flip);
                }
            }
            else
            {
                ReadOnlySpan<uint> a = (destination ? columns.Dip4 : columns.Sip4).AsSpan(0, mask.Length);
                uint lo = (uint)low, width = (uint)high - (uint)low;
                for (int i = 0; i < mask.Length; i++)
                {
                    mask[i] = (byte)((a[i] - lo <= width ? 1 : 0) ^ flip);
                }
            }
        }
    }
}
