using Weir.Actors.Configuration;

namespace Weir.Actors.Tests.Configuration;

public class HoconEdgeCaseTests
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text, "edge.conf");

    [Theory]
    // CRLF line endings
    [InlineData("a = foo\r\nb = bar\r\n", "a", "foo")]
    [InlineData("a {\r\n  b = 1\r\n}\r\n", "a.b", "1")]
    // a byte-order mark at the start
    [InlineData("\uFEFFa = 1", "a", "1")]
    // tabs as whitespace
    [InlineData("a\t=\t1", "a", "1")]
    // a comment right after '{'
    [InlineData("a { # about a\n b = 1 }", "a.b", "1")]
    // whitespace inside a key
    [InlineData("foo bar = 1", "\"foo bar\"", "1")]
    // a dotted key with an object value
    [InlineData("a.b { c = 1 }", "a.b.c", "1")]
    // object literals concatenated merge
    [InlineData("a = { b = 1 } { c = 2 }", "a.b", "1")]
    // a triple-quoted string inside a concatenation
    [InlineData("a = x\"\"\"y\"z\"\"\"", "a", "xy\"z")]
    // numbers stay text, including signs and exponents
    [InlineData("a = -1", "a", "-1")]
    [InlineData("a = 1e+5", "a", "1e+5")]
    // a quoted string followed by a comment
    [InlineData("a = \"x\" // comment", "a", "x")]
    // several values in a concatenation with substitutions in the middle
    [InlineData("h = host\np = 80\nu = \"tcp://\"${h}\":\"${p}", "u", "tcp://host:80")]
    // a quoted key segment that is empty
    [InlineData("a.\"\".b = 1", "a.\"\".b", "1")]
    // a key that looks like a number
    [InlineData("1.2 = x", "1.2", "x")]
    // substitution whose target comes from an include-free later definition with += after
    [InlineData("a = [x]\nb = ${a}\na += y", "b", null)]
    public void ParseString_EdgeCase_ReadsValue(string text, string path, string? expected)
    {
        var config = Parse(text);
        if (expected is null)
        {
            Assert.Equal(["x", "y"], config.GetStringList(path));
        }
        else
        {
            Assert.Equal(expected, config.GetString(path));
        }
    }

    [Fact]
    public void ParseString_Empty_IsEmptyConfig()
    {
        Assert.True(Parse("").IsEmpty);
        Assert.True(Parse("# only a comment\n\n").IsEmpty);
        Assert.True(Parse("{}").IsEmpty);
    }

    [Fact]
    public void Append_DottedAndNested_ExtendsList()
    {
        var config = Parse("a.b = [1]\na { b += 2 }\na.b += 3");
        Assert.Equal(["1", "2", "3"], config.GetStringList("a.b"));
    }

    [Fact]
    public void List_OptionalSubstitutionElement_IsDropped()
    {
        var config = Parse("a = [1, ${?WEIR_TEST_HOCON_UNSET_ELEMENT}, 3]");
        Assert.Equal(["1", "3"], config.GetStringList("a"));
    }

    [Fact]
    public void List_OfObjects_KeepsOrigins()
    {
        var config = Parse("a = [\n  { n = 1 }\n  { n = 2 }\n]");
        var list = (ConfigList)config.GetValue("a")!;
        Assert.Equal(2, list.Items.Count);
        Assert.Equal(3, list.Items[1].Origin.Line);
    }

    [Fact]
    public void Substitution_ObjectOverEarlierObject_Merges()
    {
        var config = Parse("b { y = 2 }\na { x = 1 }\na = ${b}");
        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(2, config.GetInt("a.y"));
    }

    [Fact]
    public void Substitution_ScalarOverEarlierObject_Replaces()
    {
        var config = Parse("b = 5\na { x = 1 }\na = ${b}");
        Assert.Equal(5, config.GetInt("a"));
        Assert.False(config.HasPath("a.x"));
    }

    [Theory]
    // ':' needs quotes in a value
    [InlineData("url = http://example.com", "unexpected ':'")]
    // '*' needs quotes in a key
    [InlineData("/capture/* { a = 1 }", "quote a key that contains '*'")]
    // '+' not followed by '=' in a key
    [InlineData("a+b = 1", "expected '=', ':', '+=' or '{'")]
    // a triple-quoted key
    [InlineData("\"\"\"k\"\"\" = 1", "triple-quoted")]
    // '+=' inside a value (found by fuzzing: it once looped forever)
    [InlineData("a = b +=", "unexpected '+=' in a value")]
    [InlineData("a = +=", "unexpected '+=' in a value")]
    // a bad \u escape
    [InlineData("a = \"\\u12\"", "four hex digits")]
    public void ParseString_EdgeCaseError_Explains(string text, string fragment)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Parse(text));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("edge.conf:1:", ex.Message, StringComparison.Ordinal);
    }
}
