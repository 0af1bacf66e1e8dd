using Weir.Actors.Configuration;

namespace Weir.Actors.Tests.Configuration;

public class HoconSemanticsTests
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text, "test.conf");

    [Theory]
    // a later key wins
    [InlineData("a = 1\na = 2", "a", "2")]
    // objects merge recursively: the earlier key survives
    [InlineData("a { b = 1 }\na { c = 2 }", "a.b", "1")]
    [InlineData("a { b { x = 1 } }\na.b.y = 2", "a.b.x", "1")]
    [InlineData("a.b.x = 1\na { b { y = 2 } }", "a.b.y", "2")]
    // a later object overrides the same key
    [InlineData("a { b = 1 }\na { b = 2 }", "a.b", "2")]
    // a scalar in between blocks the merge
    [InlineData("a { b = 1 }\na = 5\na { c = 2 }", "a.c", "2")]
    // substitutions resolve against the final tree, not the value at that point
    [InlineData("x = 1\ny = ${x}\nx = 2", "y", "2")]
    [InlineData("y = ${x}\nx = 2", "y", "2")]
    [InlineData("a { b = 1, c = ${a.b} }", "a.c", "1")]
    // string concatenation with substitutions
    [InlineData("dir = data\npath = ${dir}\"/db\"", "path", "data/db")]
    [InlineData("dir = data\npath = \"Data Source=\"${dir}\"/weir.db\"", "path", "Data Source=data/weir.db")]
    [InlineData("a = x\nb = ${a} ${a}", "b", "x x")]
    // self-reference looks backwards
    [InlineData("p = a\np = ${p}\":b\"", "p", "a:b")]
    [InlineData("p = a\np = ${p}\":b\"\np = ${p}\":c\"", "p", "a:b:c")]
    // an optional substitution in a string concatenation becomes empty
    [InlineData("a = x${?nope_WEIR_TEST_UNSET}y", "a", "xy")]
    // an object concatenation merges
    [InlineData("base { x = 1, y = 1 }\nd = ${base} { y = 2 }", "d.x", "1")]
    [InlineData("base { x = 1, y = 1 }\nd = ${base} { y = 2 }", "d.y", "2")]
    // a = ${b} followed by a { .. } inherits
    [InlineData("b { x = 1, y = 1 }\na = ${b}\na { y = 2 }", "a.x", "1")]
    [InlineData("b { x = 1, y = 1 }\na = ${b}\na { y = 2 }", "a.y", "2")]
    [InlineData("b { x = 1 }\na = ${b}\na.y = 2", "a.y", "2")]
    [InlineData("b { x = 1 }\na = ${b}\na { y = 2 }\na { z = 3 }", "a.x", "1")]
    // the inherited base seen at its final value
    [InlineData("b { x = 1 }\na = ${b}\nb.x = 9", "a.x", "9")]
    // a substitution of a scalar then an object: the object replaces it
    [InlineData("b = 5\na = ${b}\na { y = 2 }", "a.y", "2")]
    // a substitution to a value through a path that is itself a substitution
    [InlineData("b { c { d = 7 } }\na = ${b}\nx = ${a.c.d}", "x", "7")]
    public void Resolve_Semantics_ReadsValue(string text, string path, string expected)
    {
        Assert.Equal(expected, Parse(text).GetString(path));
    }

    [Theory]
    // null clears a key
    [InlineData("a = 1\na = null", "a")]
    // an unresolved optional substitution omits the field
    [InlineData("a = ${?nope_WEIR_TEST_UNSET}", "a")]
    // a null in between drops what came before
    [InlineData("a { b = 1 }\na = null\na { c = 2 }", "a.b")]
    public void Resolve_Semantics_PathIsMissing(string text, string path)
    {
        Assert.False(Parse(text).HasPath(path));
    }

    [Fact]
    public void OptionalSubstitution_Unresolved_KeepsEarlierValue()
    {
        var config = Parse("a = keep\na = ${?nope_WEIR_TEST_UNSET}");
        Assert.Equal("keep", config.GetString("a"));
    }

    [Fact]
    public void Concatenation_UndefinedOptionalBesideNull_IsNull()
    {
        var config = Parse("a = null\nb = ${?WEIR_TEST_HOCON_UNSET_X} ${a}");
        Assert.IsType<ConfigNull>(config.Root.Fields["b"]);
    }

    [Fact]
    public void Null_BlocksMerge_ButLaterObjectStillApplies()
    {
        var config = Parse("a { b = 1 }\na = null\na { c = 2 }");
        Assert.False(config.HasPath("a.b"));
        Assert.Equal(2, config.GetInt("a.c"));
    }

    [Theory]
    // a required substitution with no key and no environment variable
    [InlineData("a = ${nope_WEIR_TEST_UNSET}", "a", "nope_WEIR_TEST_UNSET", 1)]
    [InlineData("x { y {\n z = ${missing_WEIR_TEST.path} } }", "x.y.z", "missing_WEIR_TEST.path", 2)]
    [InlineData("a = 1\nb = [1, ${nope_WEIR_TEST_UNSET}]", "b.1", "nope_WEIR_TEST_UNSET", 2)]
    public void Substitution_Unresolved_ErrorNamesFieldSubstitutionAndLine(string text, string field, string substitution, int line)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Parse(text));
        Assert.StartsWith(field + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains("${" + substitution + "}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"test.conf:{line}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(field, ex.Path);
    }

    [Theory]
    // two keys referring to each other
    [InlineData("a = ${b}\nb = ${a}")]
    // a self-reference with nothing before it and no environment variable
    [InlineData("nope_WEIR_TEST_SELF = ${nope_WEIR_TEST_SELF}")]
    public void Substitution_Cycle_Throws(string text)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Parse(text));
        Assert.Contains("test.conf:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    // a list concatenated with a string
    [InlineData("a = [1]\nb = ${a} x")]
    // an object concatenated with a string
    [InlineData("a { x = 1 }\nb = ${a} x")]
    // an object concatenated with a list
    [InlineData("a { x = 1 }\nb = ${a} [1]")]
    // null concatenated with null
    [InlineData("a = null\nb = ${a} ${a}")]
    // null concatenated with a string
    [InlineData("a = null\nb = ${a}x")]
    public void Concatenation_MixedKinds_Throws(string text)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Parse(text));
        Assert.Contains("cannot concatenate", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("b:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitution_EnvironmentVariable_FillsMissingPath()
    {
        Environment.SetEnvironmentVariable("WEIR_TEST_HOCON_REQUIRED", "from-env");
        try
        {
            var config = Parse("a = ${WEIR_TEST_HOCON_REQUIRED}\nb = x-${WEIR_TEST_HOCON_REQUIRED}");
            Assert.Equal("from-env", config.GetString("a"));
            Assert.Equal("x-from-env", config.GetString("b"));
            Assert.Equal(ConfigOrigin.Environment("WEIR_TEST_HOCON_REQUIRED"), config.GetOrigin("a"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("WEIR_TEST_HOCON_REQUIRED", null);
        }
    }

    [Fact]
    public void Substitution_KeyInTree_WinsOverEnvironment()
    {
        Environment.SetEnvironmentVariable("WEIR_TEST_HOCON_SHADOWED", "from-env");
        try
        {
            var config = Parse("WEIR_TEST_HOCON_SHADOWED = from-file\na = ${WEIR_TEST_HOCON_SHADOWED}");
            Assert.Equal("from-file", config.GetString("a"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("WEIR_TEST_HOCON_SHADOWED", null);
        }
    }

    [Fact]
    public void SelfReference_WithoutEarlierValue_FallsBackToEnvironment()
    {
        Environment.SetEnvironmentVariable("WEIR_TEST_HOCON_PATH", "/usr/bin");
        try
        {
            var config = Parse("WEIR_TEST_HOCON_PATH = ${WEIR_TEST_HOCON_PATH}\":/opt/weir\"");
            Assert.Equal("/usr/bin:/opt/weir", config.GetString("WEIR_TEST_HOCON_PATH"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("WEIR_TEST_HOCON_PATH", null);
        }
    }

    [Fact]
    public void Append_InsideInheritingObject_ExtendsTopList()
    {
        var config = Parse("b { l = [0], k = 1 }\na = ${b}\na { l = [1] }\na.l += 2");
        Assert.Equal(["1", "2"], config.GetStringList("a.l"));
        Assert.Equal(1, config.GetInt("a.k"));
    }

    [Fact]
    public void SelfReference_ThroughSubstitution_ErrorNamesField()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Parse("b { l = [0] }\na = ${b}\na.l += 2"));
        Assert.StartsWith("a.l: cannot resolve the self-reference ${?a.l}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("test.conf:3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_InsideMergedObject_ExtendsEarlierList()
    {
        var config = Parse("weir.capture { exclude = [\"^lo$\"] }\nweir.capture { exclude += \"^docker\" }");
        Assert.Equal(["^lo$", "^docker"], config.GetStringList("weir.capture.exclude"));
    }

    [Fact]
    public void Include_RelativeToIncludingFile_SplicesFields()
    {
        var dir = Directory.CreateTempSubdirectory("weir-hocon-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "conf.d"));
            File.WriteAllText(Path.Combine(dir.FullName, "conf.d", "base.conf"), "a = 1\nb { x = 1 }\ninclude \"more.conf\"\n");
            File.WriteAllText(Path.Combine(dir.FullName, "conf.d", "more.conf"), "c = 3\n");
            File.WriteAllText(Path.Combine(dir.FullName, "main.conf"),
                "include \"conf.d/base.conf\"\nb { y = 2 }\na = 10\nnested { include required(file(\"conf.d/more.conf\")) }\ninclude \"absent.conf\"\n");

            var config = ConfigurationFactory.ParseFile(Path.Combine(dir.FullName, "main.conf"));

            Assert.Equal(10, config.GetInt("a"));
            Assert.Equal(1, config.GetInt("b.x"));
            Assert.Equal(2, config.GetInt("b.y"));
            Assert.Equal(3, config.GetInt("c"));
            Assert.Equal(3, config.GetInt("nested.c"));
            Assert.EndsWith(Path.Combine("conf.d", "base.conf"), config.GetOrigin("b.x")!.Name, StringComparison.Ordinal);
            Assert.Equal(2, config.GetOrigin("b.x")!.Line);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Include_InsideObject_ReRootsSubstitutions()
    {
        var dir = Directory.CreateTempSubdirectory("weir-hocon-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "part.conf"),
                "local = mine\nuse-local = ${local}\nuse-root = ${top}\nlist = [a]\nlist += b\nself = x\nself = ${self}y\n");
            File.WriteAllText(Path.Combine(dir.FullName, "main.conf"), "top = root-value\nfoo { include \"part.conf\" }\n");

            var config = ConfigurationFactory.ParseFile(Path.Combine(dir.FullName, "main.conf"));

            Assert.Equal("mine", config.GetString("foo.use-local"));
            Assert.Equal("root-value", config.GetString("foo.use-root"));
            Assert.Equal(["a", "b"], config.GetStringList("foo.list"));
            Assert.Equal("xy", config.GetString("foo.self"));
            Assert.False(config.HasPath("local"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Include_RequiredMissing_ErrorNamesFileAndLine()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Parse("a = 1\ninclude required(\"weir-no-such-file.conf\")"));
        Assert.Contains("test.conf:2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("weir-no-such-file.conf", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_Cycle_Throws()
    {
        var dir = Directory.CreateTempSubdirectory("weir-hocon-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.conf"), "include \"b.conf\"\n");
            File.WriteAllText(Path.Combine(dir.FullName, "b.conf"), "x = 1\ninclude \"a.conf\"\n");
            var ex = Assert.Throws<ConfigurationException>(() => ConfigurationFactory.ParseFile(Path.Combine(dir.FullName, "a.conf")));
            Assert.Contains("include cycle", ex.Message, StringComparison.Ordinal);
            Assert.Contains("b.conf:2", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    // url and classpath includes are not supported
    [InlineData("include url(\"http://example.com/x.conf\")")]
    [InlineData("include classpath(\"x.conf\")")]
    public void Include_UnsupportedKind_Throws(string text)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Parse(text));
        Assert.Contains("only file includes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Effective_ParsesBackToSameValues()
    {
        var config = Parse("""
            a { b = 1, "c.d" = "x y", e = [1, "two", { f = 3 }], g = "null", h = "tab\t", i = {} }
            s = "a \"quoted\" \\ string"
            u = 5 s
            """);
        var text = config.Render();
        var again = ConfigurationFactory.ParseString(text, "rendered");
        Assert.Equal(text, again.Render());
        Assert.Equal("x y", again.GetString("a.\"c.d\""));
        Assert.Equal("null", again.GetString("a.g"));
        Assert.Equal("a \"quoted\" \\ string", again.GetString("s"));
        Assert.Equal(TimeSpan.FromSeconds(5), again.GetTimeSpan("u"));
    }

    [Fact]
    public void Render_OriginComments_NameFileAndLine()
    {
        var text = Parse("a {\n  b = 1\n}").Render(originComments: true);
        Assert.Contains("b = 1  # test.conf:2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Secrets_AreRedacted()
    {
        var config = Parse("api.token = s3cret\npg.connection-string = \"Host=db;Password=hunter2;Username=weir\"");
        var text = config.Render();
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("Username=weir", text, StringComparison.Ordinal);
        Assert.Contains("s3cret", config.Render(redactSecrets: false), StringComparison.Ordinal);
    }
}
