using Weir.Actors.Configuration;

namespace Weir.Actors.Tests.Configuration;

/// <summary>KERNEL.md §8 item 16: the HOCON behaviours most likely to be ported wrong, one test each.</summary>
public class HoconRiskySemanticsTests
{
    [Fact]
    public void ByteSize_64MB_IsNot64MiB()
    {
        var config = ConfigurationFactory.ParseString("a = 64MB\nb = 64MiB", "test.conf");
        Assert.Equal(64_000_000L, config.GetByteSize("a"));
        Assert.Equal(64L * 1024 * 1024, config.GetByteSize("b"));
        Assert.NotEqual(config.GetByteSize("a"), config.GetByteSize("b"));
    }

    [Fact]
    public void Duration_BareNumber_IsMilliseconds()
    {
        var config = ConfigurationFactory.ParseString("a = 500", "test.conf");
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.GetTimeSpan("a"));
    }

    [Fact]
    public void OptionalSubstitution_EnvironmentVariable_FillsMissingPath()
    {
        Environment.SetEnvironmentVariable("WEIR_TEST_HOCON_OPTIONAL", "tok-123");
        try
        {
            var config = ConfigurationFactory.ParseString("token = ${?WEIR_TEST_HOCON_OPTIONAL}\nother = ${?WEIR_TEST_HOCON_NOT_SET}", "test.conf");
            Assert.Equal("tok-123", config.GetString("token"));
            Assert.False(config.HasPath("other"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("WEIR_TEST_HOCON_OPTIONAL", null);
        }
    }

    [Fact]
    public void Null_BlocksMerge()
    {
        var config = ConfigurationFactory.ParseString("a { x = 1 }\na = null\na { y = 2 }", "test.conf");
        Assert.False(config.HasPath("a.x"));
        Assert.True(config.HasPath("a.y"));
    }

    [Fact]
    public void Substitution_Unresolved_NamesItsPath()
    {
        var ex = Assert.Throws<ConfigurationException>(() =>
            ConfigurationFactory.ParseString("weir {\n  db.path = ${weir.data-dirr}\"/db\"\n}", "test.conf"));
        Assert.Contains("${weir.data-dirr}", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("weir.db.path:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("test.conf:2", ex.Message, StringComparison.Ordinal);
    }
}
