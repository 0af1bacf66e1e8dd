using Weir.Actors.Configuration;

namespace Weir.Actors.Tests.Configuration;

public class HoconSyntaxTests
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text, "test.conf");

    [Theory]
    // separators: '=', ':' and nothing before '{'
    [InlineData("a = 1", "a", "1")]
    [InlineData("a : 1", "a", "1")]
    [InlineData("a=1", "a", "1")]
    [InlineData("a { b = 1 }", "a.b", "1")]
    [InlineData("a = { b = 1 }", "a.b", "1")]
    [InlineData("a : { b : 1 }", "a.b", "1")]
    // optional root braces
    [InlineData("{ a = 1 }", "a", "1")]
    [InlineData("\n  {\n a = 1\n }\n", "a", "1")]
    // dotted and quoted keys
    [InlineData("a.b.c = x", "a.b.c", "x")]
    [InlineData("a.\"b.c\".d = x", "a.\"b.c\".d", "x")]
    [InlineData("akka.actor { \"/capture/*\" { mailbox = capture-mailbox } }", "akka.actor.\"/capture/*\".mailbox", "capture-mailbox")]
    [InlineData("\"a b\" = x", "\"a b\"", "x")]
    // comments
    [InlineData("# comment\na = 1 # trailing", "a", "1")]
    [InlineData("// comment\na = 1 // trailing", "a", "1")]
    [InlineData("a = \"http://x\" // the slashes in quotes are text", "a", "http://x")]
    // commas between fields, trailing comma
    [InlineData("{ a = 1, b = 2, }", "b", "2")]
    // unquoted strings and value concatenation keep inner whitespace
    [InlineData("a = foo bar  baz", "a", "foo bar  baz")]
    [InlineData("a = \"foo\" bar", "a", "foo bar")]
    [InlineData("a = 10.0.0.1", "a", "10.0.0.1")]
    [InlineData("a = 5 s", "a", "5 s")]
    [InlineData("a = x\"y\"z", "a", "xyz")]
    // quoted escapes
    [InlineData("a = \"tab\\there\"", "a", "tab\there")]
    [InlineData("a = \"\\u0041\\\\\"", "a", "A\\")]
    // triple-quoted strings are raw and may span lines
    [InlineData("a = \"\"\"raw \\n \"quoted\"\nline\"\"\"", "a", "raw \\n \"quoted\"\nline")]
    [InlineData("a = \"\"\"x\"\"\"\"", "a", "x\"")]
    // value on the next line after '='
    [InlineData("a =\n  1", "a", "1")]
    // a later key wins
    [InlineData("a = 1\na = 2", "a", "2")]
    // a quoted null is a string
    [InlineData("a = \"null\"", "a", "null")]
    // include as a plain key
    [InlineData("include = 3", "include", "3")]
    public void ParseString_ValidSyntax_ReadsValue(string text, string path, string expected)
    {
        Assert.Equal(expected, Parse(text).GetString(path));
    }

    [Theory]
    // lists split by commas or newlines, trailing comma, comments between elements
    [InlineData("a = [1, 2, 3]", new[] { "1", "2", "3" })]
    [InlineData("a = [\n 1\n 2\n 3\n]", new[] { "1", "2", "3" })]
    [InlineData("a = [1, 2, 3,]", new[] { "1", "2", "3" })]
    [InlineData("a = [ # first\n 1, // one\n 2 ]", new[] { "1", "2" })]
    [InlineData("a = []", new string[0])]
    [InlineData("a = [\"^lo$\", \"x y\"]", new[] { "^lo$", "x y" })]
    // list concatenation and self-reference look backwards
    [InlineData("a = [1] [2]", new[] { "1", "2" })]
    [InlineData("a = [1]\na = ${a} [2]", new[] { "1", "2" })]
    [InlineData("a = [1]\na += 2", new[] { "1", "2" })]
    [InlineData("a += 1\na += 2", new[] { "1", "2" })]
    [InlineData("p { l = [x] }\np { l = ${p.l} [y] }", new[] { "x", "y" })]
    public void ParseString_List_ReadsElements(string text, string[] expected)
    {
        var path = text.StartsWith("p {", StringComparison.Ordinal) ? "p.l" : "a";
        Assert.Equal(expected, Parse(text).GetStringList(path));
    }

    [Theory]
    // unterminated object
    [InlineData("a { b = 1", 1, "expected '}'")]
    // a key without a value
    [InlineData("a = ", 1, "missing value for the key 'a'")]
    // a key with no separator
    [InlineData("a 1", 1, "expected '=', ':', '+=' or '{'")]
    // two commas
    [InlineData("a = 1,, b = 2", 1, "unexpected ','")]
    // a forbidden character in an unquoted string
    [InlineData("a = ^lo$", 1, "unexpected '^'")]
    // '$' without '{'
    [InlineData("x = 1\na = $HOME", 2, "unexpected '$'")]
    // unterminated quoted string
    [InlineData("a = \"abc\nb = 1", 1, "unterminated string")]
    // unterminated triple-quoted string
    [InlineData("a = \"\"\"abc", 1, "unterminated triple-quoted string")]
    // unknown escape
    [InlineData("a = \"c:\\dir\"", 1, "unknown escape")]
    // unterminated list
    [InlineData("a = [1, 2\n", 2, "expected ']' to close the list opened at line 1")]
    // a stray closing brace
    [InlineData("a = 1\n}", 2, "unexpected '}'")]
    // text after the root braces
    [InlineData("{ a = 1 }\nb = 2", 2, "after the closing '}'")]
    // two values on one line without a separator
    [InlineData("a = [1] b = 2", 1, "unexpected '=' in a value")]
    // a root list
    [InlineData("[1, 2]", 1, "must be an object")]
    // an unclosed substitution
    [InlineData("a = ${b", 1, "expected '}' to close the substitution")]
    // an empty key segment
    [InlineData("a..b = 1", 1, "empty segment")]
    public void ParseString_BadSyntax_ErrorNamesFileLineAndColumn(string text, int line, string fragment)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Parse(text));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"test.conf:{line}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseString_SyntaxError_ReportsColumn()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Parse("a {\n  b = x ^ y\n}"));
        Assert.StartsWith("test.conf:2:9:", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Origin!.Line);
        Assert.Equal(9, ex.Origin.Column);
    }

    [Fact]
    public void ParseString_Value_RemembersFileAndLine()
    {
        var config = Parse("a {\n  b = 1\n  c = [\n    x\n  ]\n}");
        Assert.Equal(new ConfigOrigin("test.conf", 2), config.GetOrigin("a.b"));
        Assert.Equal(4, ((ConfigList)config.GetValue("a.c")!).Items[0].Origin.Line);
    }

    [Fact]
    public void GetKeys_Object_ListsKeysInOrder()
    {
        var config = Parse("a { z = 1, y = 2, x { q = 1 } }\na.w = 3");
        Assert.Equal(["z", "y", "x", "w"], config.GetKeys("a"));
        Assert.Equal(["a"], config.GetKeys());
        Assert.Empty(config.GetKeys("missing"));
    }
}
