using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Weir.Engine.Query;

/// <summary>
/// Parses the condition language into a <see cref="ConditionNode"/> tree:
/// <code>
/// or      := and (('|' | '||' | 'or') and)*
/// and     := unary (('&amp;' | '&amp;&amp;' | 'and') unary)*
/// unary   := ('!' | 'not') unary | '(' or ')' | field op value
/// field   := sip | src | dip | dst | host | snet | dnet | net | dport | port | proto
/// op      := '=' | '==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
/// </code>
/// Errors name the offending token and its 1-based column.
/// </summary>
public static class ConditionParser
{
    private static readonly Dictionary<string, ConditionField> s_fields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sip"] = ConditionField.Sip, ["src"] = ConditionField.Sip,
        ["dip"] = ConditionField.Dip, ["dst"] = ConditionField.Dip,
        ["host"] = ConditionField.Host,
        ["snet"] = ConditionField.Snet, ["dnet"] = ConditionField.Dnet, ["net"] = ConditionField.Net,
        ["dport"] = ConditionField.Dport, ["port"] = ConditionField.Dport,
        ["proto"] = ConditionField.Proto, ["protocol"] = ConditionField.Proto,
    };

    /// <summary>Parses <paramref name="text"/>; null for an empty (or blank) condition.</summary>
    /// <exception cref="FlowQueryException">The condition is malformed; the message names the column.</exception>
    public static ConditionNode? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var p = new Parser(text);
        ConditionNode node = p.ParseOr();
        Token t = p.Peek();
        if (t.Kind != TokenKind.End)
        {
            throw p.Unexpected(t);
        }

        return node;
    }

    private enum TokenKind
    {
        End,
        LeftParen,
        RightParen,
        And,
        Or,
        Not,
        Operator,
        Word,
    }

    private readonly record struct Token(TokenKind Kind, int Start, int Length, ComparisonOperator Operator = default);

    private sealed class Parser(string text)
    {
        private readonly string _text = text;
        private int _pos;
        private Token? _peeked;

        public ConditionNode ParseOr()
        {
            ConditionNode left = ParseAnd();
            while (Peek().Kind == TokenKind.Or)
            {
                Next();
                ConditionNode right = ParseAnd();
                left = new ConditionNode.Or(left, right) { Column = left.Column };
            }

            return left;
        }

        public Token Peek() => _peeked ??= Lex();

        public FlowQueryException Unexpected(Token t) => t.Kind == TokenKind.End
            ? new FlowQueryException("unexpected end of condition", _text, t.Start + 1)
            : new FlowQueryException($"unexpected '{TextOf(t)}'", _text, t.Start + 1);

        private ConditionNode ParseAnd()
        {
            ConditionNode left = ParseUnary();
            while (Peek().Kind == TokenKind.And)
            {
                Next();
                ConditionNode right = ParseUnary();
                left = new ConditionNode.And(left, right) { Column = left.Column };
            }

            return left;
        }

        private ConditionNode ParseUnary()
        {
            Token t = Next();
            switch (t.Kind)
            {
                case TokenKind.Not:
                    return new ConditionNode.Not(ParseUnary()) { Column = t.Start + 1 };
                case TokenKind.LeftParen:
                {
                    ConditionNode inner = ParseOr();
                    Token close = Next();
                    if (close.Kind != TokenKind.RightParen)
                    {
                        throw close.Kind == TokenKind.End
                            ? new FlowQueryException($"missing ')' for the '(' at column {t.Start + 1}", _text, close.Start + 1)
                            : Unexpected(close);
                    }

                    return inner;
                }

                case TokenKind.Word:
                    return ParseComparison(t);
                default:
                    throw Unexpected(t);
            }
        }

        private ConditionNode.Comparison ParseComparison(Token fieldToken)
        {
            string name = TextOf(fieldToken);
            if (!s_fields.TryGetValue(name, out ConditionField field))
            {
                throw new FlowQueryException($"unknown attribute '{name}' (use sip, dip, host, snet, dnet, net, dport, proto)", _text, fieldToken.Start + 1);
            }

            Token op = Next();
            if (op.Kind != TokenKind.Operator)
            {
                throw op.Kind == TokenKind.End
                    ? new FlowQueryException($"expected an operator after '{name}'", _text, op.Start + 1)
                    : new FlowQueryException($"expected an operator after '{name}', found '{TextOf(op)}'", _text, op.Start + 1);
            }

            Token value = Next();
            if (value.Kind != TokenKind.Word)
            {
                throw value.Kind == TokenKind.End
                    ? new FlowQueryException($"expected a value after '{name} {ConditionNode.OperatorText(op.Operator)}'", _text, value.Start + 1)
                    : Unexpected(value);
            }

            string v = TextOf(value);
            int col = value.Start + 1;
            ConditionValue parsed;
            switch (field)
            {
                case ConditionField.Dport:
                    if (!ushort.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
                    {
                        throw new FlowQueryException($"bad port '{v}' (0-65535)", _text, col);
                    }

                    parsed = ConditionValue.OfNumber(port);
                    break;
                case ConditionField.Proto:
                    if (!ProtocolNames.TryParse(v, out byte proto))
                    {
                        throw new FlowQueryException($"bad protocol '{v}' (a name such as tcp, udp, icmp or a number 0-255)", _text, col);
                    }

                    parsed = ConditionValue.OfNumber(proto);
                    break;
                default:
                    parsed = ParseAddress(v, col);
                    bool ordered = op.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual);
                    if (ordered && (field is ConditionField.Host or ConditionField.Net or ConditionField.Snet or ConditionField.Dnet || !parsed.IsSingleAddress))
                    {
                        throw new FlowQueryException($"operator '{ConditionNode.OperatorText(op.Operator)}' does not apply to '{name} {v}' (use = or !=)", _text, op.Start + 1);
                    }

                    break;
            }

            return new ConditionNode.Comparison(field, op.Operator, parsed) { Column = fieldToken.Start + 1 };
        }

        private ConditionValue ParseAddress(string v, int col)
        {
            int slash = v.IndexOf('/', StringComparison.Ordinal);
            string addressText = slash < 0 ? v : v[..slash];
            if (!IPAddress.TryParse(addressText, out IPAddress? address) || addressText.Length == 0 ||
                (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3))
            {
                throw new FlowQueryException($"bad address '{v}'", _text, col);
            }

            bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
            int bits = v6 ? 128 : 32;
            int prefix = bits;
            if (slash >= 0 && (!int.TryParse(v.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
            {
                throw new FlowQueryException($"bad prefix length in '{v}' (0-{bits})", _text, col + slash + 1);
            }

            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out int written);
            UInt128 value = v6 ? BinaryPrimitives.ReadUInt128BigEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]);
            UInt128 hostMask = prefix == bits ? UInt128.Zero : (UInt128.One << (bits - prefix)) - 1;
            UInt128 low = value & ~hostMask;
            if (!v6)
            {
                low &= uint.MaxValue;
            }

            return new ConditionValue(low, low | hostMask, v6, prefix, 0);
        }

        private Token Next()
        {
            Token t = Peek();
            _peeked = null;
            return t;
        }

        private string TextOf(Token t) => _text.Substring(t.Start, t.Length);

        private Token Lex()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }

            int start = _pos;
            if (_pos >= _text.Length)
            {
                return new Token(TokenKind.End, _text.Length, 0);
            }

            char c = _text[_pos];
            char n = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
            switch (c)
            {
                case '(':
                    _pos++;
                    return new Token(TokenKind.LeftParen, start, 1);
                case ')':
                    _pos++;
                    return new Token(TokenKind.RightParen, start, 1);
                case '&':
                    _pos += n == '&' ? 2 : 1;
                    return new Token(TokenKind.And, start, _pos - start);
                case '|':
                    _pos += n == '|' ? 2 : 1;
                    return new Token(TokenKind.Or, start, _pos - start);
                case '!':
                    if (n == '=')
                    {
                        _pos += 2;
                        return new Token(TokenKind.Operator, start, 2, ComparisonOperator.NotEqual);
                    }

                    _pos++;
                    return new Token(TokenKind.Not, start, 1);
                case '=':
                    _pos += n == '=' ? 2 : 1;
                    return new Token(TokenKind.Operator, start, _pos - start, ComparisonOperator.Equal);
                case '<':
                    _pos += n == '=' ? 2 : 1;
                    return new Token(TokenKind.Operator, start, _pos - start, n == '=' ? ComparisonOperator.LessOrEqual : ComparisonOperator.Less);
                case '>':
                    _pos += n == '=' ? 2 : 1;
                    return new Token(TokenKind.Operator, start, _pos - start, n == '=' ? ComparisonOperator.GreaterOrEqual : ComparisonOperator.Greater);
            }

            while (_pos < _text.Length && !char.IsWhiteSpace(_text[_pos]) && "()&|!=<>".IndexOf(_text[_pos], StringComparison.Ordinal) < 0)
            {
                _pos++;
            }

            string word = _text[start.._pos];
            return word.ToLowerInvariant() switch
            {
                "and" => new Token(TokenKind.And, start, word.Length),
                "or" => new Token(TokenKind.Or, start, word.Length),
                "not" => new Token(TokenKind.Not, start, word.Length),
                _ => new Token(TokenKind.Word, start, word.Length),
            };
        }
    }
}
