using Weir.Engine.Query;

namespace Weir.Engine.Tests.Query;

public sealed class ConditionParserTests
{
    [Theory]
    [InlineData("dport = 443", "dport = 443")]
    [InlineData("port == 80", "dport = 80")]
    [InlineData("dport = 443 & (snet = 10.0.0.0/8 | proto = udp) & !host = 1.2.3.4", "((dport = 443 & (snet = 10.0.0.0/8 | proto = 17)) & !host = 1.2.3.4)")]
    [InlineData("dport=443&proto=tcp", "(dport = 443 & proto = 6)")]
    [InlineData("dport >= 1024 and dport < 2048 or not proto = icmp", "((dport >= 1024 & dport < 2048) | !proto = 1)")]
    [InlineData("sip = 10.0.0.1 || dip != 192.168.0.0/16", "(sip = 10.0.0.1 | dip != 192.168.0.0/16)")]
    [InlineData("src = 2001:db8::1 && dst = 2001:db8::/32", "(sip = 2001:db8::1 & dip = 2001:db8::/32)")]
    [InlineData("net = 10.1.2.3/16", "net = 10.1.0.0/16")]
    [InlineData("dnet != fe80::/10", "dnet != fe80::/10")]
    [InlineData("proto = 58 | proto = ICMPv6", "(proto = 58 | proto = 58)")]
    [InlineData("!(dport = 53 | dport = 853)", "!(dport = 53 | dport = 853)")]
    [InlineData("not not dport = 1", "!!dport = 1")]
    [InlineData("sip < 10.0.0.5", "sip < 10.0.0.5")]
    [InlineData("  ((dport > 0))  ", "dport > 0")]
    [InlineData("dport = 1 | dport = 2 & dport = 3", "(dport = 1 | (dport = 2 & dport = 3))")]
    public void Parse_ValidCondition_GivesCanonicalTree(string text, string expected) =>
        Assert.Equal(expected, ConditionParser.Parse(text)!.ToString());

    [Theory]
    [InlineData("dport = 443 & ))", "unexpected ')'", 15)]       // the first stray parenthesis
    [InlineData("dport = 443 )", "unexpected ')'", 13)]
    [InlineData("(dport = 443", "missing ')' for the '(' at column 1", 13)]
    [InlineData("dport 443", "expected an operator after 'dport', found '443'", 7)]
    [InlineData("dport =", "expected a value after 'dport ='", 8)]
    [InlineData("dport = 70000", "bad port '70000'", 9)]
    [InlineData("proto = foo", "bad protocol 'foo'", 9)]
    [InlineData("sport = 22", "unknown attribute 'sport'", 1)]
    [InlineData("sip = 10.0.0", "bad address '10.0.0'", 7)]
    [InlineData("snet = 10.0.0.0/33", "bad prefix length in '10.0.0.0/33'", 17)]
    [InlineData("host < 1.2.3.4", "operator '<' does not apply", 6)]
    [InlineData("dport = 1 &", "unexpected end of condition", 12)]
    [InlineData("& dport = 1", "unexpected '&'", 1)]
    [InlineData("dport = 1 dport = 2", "unexpected 'dport'", 11)]
    [InlineData("!", "unexpected end of condition", 2)]
    [InlineData("dport = = 1", "unexpected '='", 9)]
    public void Parse_InvalidCondition_PointsAtColumn(string text, string message, int column)
    {
        FlowQueryException e = Assert.Throws<FlowQueryException>(() => ConditionParser.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(column, e.Column);
        Assert.EndsWith($"at column {column}", e.Message, StringComparison.Ordinal);
        string[] caret = e.CaretLines().Split('\n');
        Assert.Equal(column + 1, caret[1].IndexOf('^', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Parse_Empty_IsNoCondition(string? text) => Assert.Null(ConditionParser.Parse(text));

    [Theory]
    [InlineData("talk_conv", GroupAttributes.Sip | GroupAttributes.Dip)]
    [InlineData("talk_src", GroupAttributes.Sip)]
    [InlineData("talk_dst", GroupAttributes.Dip)]
    [InlineData("apps_port", GroupAttributes.Dport | GroupAttributes.Proto)]
    [InlineData("raw", GroupAttributes.Sip | GroupAttributes.Dip | GroupAttributes.Dport | GroupAttributes.Proto | GroupAttributes.Iface | GroupAttributes.Time)]
    [InlineData("sip,dport", GroupAttributes.Sip | GroupAttributes.Dport)]
    [InlineData("iface, time,proto", GroupAttributes.Iface | GroupAttributes.Time | GroupAttributes.Proto)]
    public void ParseAttributes_NamesAndPresets_GiveAttributes(string text, GroupAttributes expected) =>
        Assert.Equal(expected, QueryAttributes.Parse(text));

    [Fact]
    public void ParseAttributes_Unknown_PointsAtName()
    {
        FlowQueryException e = Assert.Throws<FlowQueryException>(() => QueryAttributes.Parse("sip,bogus"));
        Assert.Equal(5, e.Column);
    }
}
