using Weir.Actors.Configuration;

namespace Weir.Actors.Tests.Configuration;

public class ConfigGetterTests
{
    private static readonly Config s_config = ConfigurationFactory.ParseString("""
        weir {
          rotation {
            interval = fast
            good = 300s
          }
          n = 42
          big = 9000000000
          pi = 3.25
          flag = on
          size = 8MiB
          list = [a, b]
          mixed = [a, { b = 1 }]
          obj { x = 1 }
          cleared = null
          forever = infinite
        }
        """, "config/akka.hocon");

    [Fact]
    public void Getters_Present_ReturnTypedValues()
    {
        Assert.Equal(42, s_config.GetInt("weir.n"));
        Assert.Equal(9_000_000_000L, s_config.GetLong("weir.big"));
        Assert.Equal(3.25, s_config.GetDouble("weir.pi"));
        Assert.True(s_config.GetBoolean("weir.flag"));
        Assert.Equal(8L << 20, s_config.GetByteSize("weir.size"));
        Assert.Equal(TimeSpan.FromMinutes(5), s_config.GetTimeSpan("weir.rotation.good"));
        Assert.Equal(Timeout.InfiniteTimeSpan, s_config.GetTimeSpan("weir.forever"));
        Assert.Equal(["a", "b"], s_config.GetStringList("weir.list"));
        Assert.Equal("42", s_config.GetString("weir.n"));
        Assert.Equal(1, s_config.GetConfig("weir.obj").GetInt("x"));
        Assert.True(s_config.HasPath("weir.obj"));
    }

    [Fact]
    public void Getters_Missing_ReturnDefaults()
    {
        Assert.Null(s_config.GetString("weir.nope"));
        Assert.Equal("d", s_config.GetString("weir.nope", "d"));
        Assert.Equal(7, s_config.GetInt("weir.nope", 7));
        Assert.Equal(7L, s_config.GetLong("weir.nope", 7));
        Assert.Equal(1.5, s_config.GetDouble("weir.nope", 1.5));
        Assert.True(s_config.GetBoolean("weir.nope", true));
        Assert.Equal(TimeSpan.FromSeconds(3), s_config.GetTimeSpan("weir.nope", TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.Zero, s_config.GetTimeSpan("weir.nope"));
        Assert.Null(s_config.GetByteSize("weir.nope"));
        Assert.Equal(5L, s_config.GetByteSize("weir.nope", 5));
        Assert.Empty(s_config.GetStringList("weir.nope"));
        Assert.True(s_config.GetConfig("weir.nope").IsEmpty);
        // a path through a scalar is missing too
        Assert.Equal("d", s_config.GetString("weir.n.deeper", "d"));
    }

    [Fact]
    public void Getters_Null_CountAsMissing()
    {
        Assert.False(s_config.HasPath("weir.cleared"));
        Assert.Equal("d", s_config.GetString("weir.cleared", "d"));
        var ex = Assert.Throws<ConfigurationException>(() => s_config.GetStringStrict("weir.cleared"));
        Assert.Contains("set to null at config/akka.hocon:14", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetTimeSpanStrict_Malformed_MessageNamesPathValueFileAndLine()
    {
        var ex = Assert.Throws<ConfigurationException>(() => s_config.GetTimeSpanStrict("weir.rotation.interval"));
        Assert.StartsWith("weir.rotation.interval: expected a duration", ex.Message, StringComparison.Ordinal);
        Assert.Contains("got \"fast\"", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("(config/akka.hocon:3)", ex.Message, StringComparison.Ordinal);
        Assert.Equal("weir.rotation.interval", ex.Path);
        Assert.Equal(3, ex.Origin!.Line);
    }

    [Fact]
    public void LenientGetter_Malformed_StillThrows()
    {
        var ex = Assert.Throws<ConfigurationException>(() => s_config.GetTimeSpan("weir.rotation.interval", TimeSpan.FromSeconds(1)));
        Assert.Contains("(config/akka.hocon:3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubConfig_Error_NamesFullPath()
    {
        var rotation = s_config.GetConfig("weir.rotation");
        var ex = Assert.Throws<ConfigurationException>(() => rotation.GetTimeSpanStrict("interval"));
        Assert.StartsWith("weir.rotation.interval:", ex.Message, StringComparison.Ordinal);
        Assert.Equal("weir.rotation", rotation.Path);
    }

    [Theory]
    // a missing key names the path and the file
    [InlineData("weir.rotation.missing", "weir.rotation.missing: required key is missing (not found in config/akka.hocon)")]
    [InlineData("nope", "nope: required key is missing (not found in config/akka.hocon)")]
    public void Strict_Missing_MessageNamesPathAndFile(string path, string message)
    {
        var ex = Assert.Throws<ConfigurationException>(() => s_config.GetStringStrict(path));
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    // not an integer
    [InlineData("weir.pi", "int", "expected a 32-bit integer, got \"3.25\" (config/akka.hocon:8)")]
    // out of int range
    [InlineData("weir.big", "int", "expected a 32-bit integer, got \"9000000000\" (config/akka.hocon:7)")]
    // not a number
    [InlineData("weir.flag", "double", "expected a number, got \"on\" (config/akka.hocon:9)")]
    // not a boolean
    [InlineData("weir.n", "bool", "expected a boolean (on, off, true, false, yes, no), got \"42\" (config/akka.hocon:6)")]
    // not a size
    [InlineData("weir.rotation.interval", "size", "expected a size in bytes (like 512, 64KiB, 8MiB, 1MB), got \"fast\" (config/akka.hocon:3)")]
    // infinite where a finite duration is needed
    [InlineData("weir.forever", "duration", "expected a finite duration (infinite is not allowed here), got \"infinite\" (config/akka.hocon:15)")]
    // a list where a string is needed
    [InlineData("weir.list", "string", "expected a string, got a list (config/akka.hocon:11)")]
    // an object where a string is needed
    [InlineData("weir.obj", "string", "expected a string, got an object (config/akka.hocon:13)")]
    // a string where a list is needed
    [InlineData("weir.n", "list", "expected a list, got \"42\" (config/akka.hocon:6)")]
    // an object inside a string list
    [InlineData("weir.mixed", "list", "expected a string in the list, got an object (config/akka.hocon:12)")]
    // a string where an object is needed
    [InlineData("weir.n", "config", "expected an object, got \"42\" (config/akka.hocon:6)")]
    public void Strict_WrongType_MessageNamesPathValueFileAndLine(string path, string kind, string fragment)
    {
        Action read = kind switch
        {
            "int" => () => s_config.GetIntStrict(path),
            "double" => () => s_config.GetDoubleStrict(path),
            "bool" => () => s_config.GetBooleanStrict(path),
            "size" => () => s_config.GetByteSizeStrict(path),
            "duration" => () => s_config.GetTimeSpanStrict(path),
            "string" => () => s_config.GetStringStrict(path),
            "list" => () => s_config.GetStringListStrict(path),
            _ => () => s_config.GetConfigStrict(path),
        };
        var ex = Assert.Throws<ConfigurationException>(read);
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_QuotedSegment_ReachesKeyWithDotsAndStars()
    {
        var config = ConfigurationFactory.ParseString("akka.actor.deployment { \"/capture/*\" { mailbox = capture-mailbox }, \"a.b\" = 1 }");
        Assert.Equal("capture-mailbox", config.GetString("akka.actor.deployment.\"/capture/*\".mailbox"));
        Assert.Equal(1, config.GetInt("akka.actor.deployment.\"a.b\""));
        Assert.Equal(["/capture/*", "a.b"], config.GetKeys("akka.actor.deployment"));
    }

    [Fact]
    public void Unresolved_Getters_Throw_UntilResolved()
    {
        var config = ConfigurationFactory.ParseString("a = ${b}\nb = 1", "x", resolve: false);
        Assert.False(config.IsResolved);
        Assert.Throws<InvalidOperationException>(() => config.GetString("a"));
        Assert.Equal(1, config.Resolve().GetInt("a"));
    }
}
