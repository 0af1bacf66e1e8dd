using Weir.Actors.Configuration;

namespace Weir.Actors.Tests.Configuration;

public class ConfigLayeringTests
{
    private static Config Unresolved(string text, string name) => ConfigurationFactory.ParseString(text, name, resolve: false);

    [Fact]
    public void WithFallback_TopWins_ObjectsMerge()
    {
        var reference = ConfigurationFactory.ParseString("a { x = 1, y = 1 }\nb = ref", "ref.conf");
        var user = ConfigurationFactory.ParseString("a { y = 2 }", "user.conf");
        var effective = user.WithFallback(reference);
        Assert.Equal(1, effective.GetInt("a.x"));
        Assert.Equal(2, effective.GetInt("a.y"));
        Assert.Equal("ref", effective.GetString("b"));
        Assert.Equal("user.conf", effective.GetOrigin("a.y")!.Name);
        Assert.Equal(["user.conf", "ref.conf"], effective.Sources);
    }

    [Fact]
    public void WithFallback_SubstitutionInFallback_SeesTopValue()
    {
        var reference = Unresolved("weir { data-dir = data, db.path = ${weir.data-dir}\"/db\" }", "ref.conf");
        var user = Unresolved("weir.data-dir = /var/lib/weir", "user.conf");
        var effective = user.WithFallback(reference).Resolve();
        Assert.Equal("/var/lib/weir/db", effective.GetString("weir.db.path"));
    }

    [Fact]
    public void WithFallback_SelfReferenceInTop_ExtendsFallbackList()
    {
        var reference = Unresolved("weir.capture.exclude = [\"^lo$\"]", "ref.conf");
        var user = Unresolved("weir.capture.exclude += \"^docker\"\nweir.capture.other = ${weir.capture.exclude} [x]", "user.conf");
        var effective = user.WithFallback(reference).Resolve();
        Assert.Equal(["^lo$", "^docker"], effective.GetStringList("weir.capture.exclude"));
    }

    [Fact]
    public void WithFallback_AppendAfterNullInTop_IgnoresFallbackList()
    {
        var reference = Unresolved("l = [a, b]", "ref.conf");
        var user = Unresolved("l = null\nl += c", "user.conf");
        Assert.Equal(["c"], user.WithFallback(reference).Resolve().GetStringList("l"));
    }

    [Fact]
    public void WithFallback_NullInTop_BlocksFallbackObject()
    {
        var reference = ConfigurationFactory.ParseString("a { x = 1 }", "ref.conf");
        var user = ConfigurationFactory.ParseString("a = null", "user.conf");
        Assert.False(user.WithFallback(reference).HasPath("a.x"));
    }

    [Fact]
    public void WithFallback_SubstitutionOverFallbackObject_Merges()
    {
        var reference = Unresolved("mb { type = unbounded, capacity = 1000 }", "ref.conf");
        var user = Unresolved("base { capacity = 5 }\nmb = ${base}", "user.conf");
        var effective = user.WithFallback(reference).Resolve();
        Assert.Equal("unbounded", effective.GetString("mb.type"));
        Assert.Equal(5, effective.GetInt("mb.capacity"));
    }

    [Fact]
    public void WithFallback_OfSubConfig_MergesAtRoot()
    {
        var whole = ConfigurationFactory.ParseString("weir.rotation { interval = 60s }", "a.conf");
        var fallback = ConfigurationFactory.ParseString("interval = 300s\nextra = 1", "b.conf");
        var merged = whole.GetConfig("weir.rotation").WithFallback(fallback);
        Assert.Equal(TimeSpan.FromSeconds(60), merged.GetTimeSpan("interval"));
        Assert.Equal(1, merged.GetInt("extra"));
    }

    [Fact]
    public void Load_NoUserFile_IsReference()
    {
        var config = ConfigLoader.Load(null, null);
        Assert.Equal("data/db", config.GetString("weir.db.path"));
        Assert.Equal(ConfigLoader.ReferenceName, config.GetOrigin("weir.db.path")!.Name);
    }

    [Fact]
    public void Load_UserFileAndOverrides_LayerInOrder()
    {
        var dir = Directory.CreateTempSubdirectory("weir-config-");
        try
        {
            var user = Path.Combine(dir.FullName, "weir.conf");
            File.WriteAllText(user, "weir {\n  data-dir = /srv/weir\n  rotation.interval = 60s\n  capture.exclude += \"^docker\"\n}\n");
            var overrides = new Dictionary<string, string>
            {
                ["weir.rotation.interval"] = "10s",
                ["weir.capture.interfaces"] = "[eth0, eth1]",
                ["weir.api.bind"] = "127.0.0.1:9999",
                ["weir.capture.filter"] = "tcp port 80",
            };

            var config = ConfigLoader.Load(user, overrides);
            var settings = WeirSettings.FromConfig(config);

            Assert.Equal(TimeSpan.FromSeconds(10), settings.Rotation.Interval);
            Assert.Equal("/srv/weir/db", settings.Db.Path);
            Assert.Equal("Data Source=/srv/weir/weir.db", settings.Persistence.SqliteConnectionString);
            Assert.Equal(["eth0", "eth1"], settings.Capture.Interfaces);
            Assert.Equal(9999, settings.Api.Bind.Port);
            Assert.Equal("tcp port 80", settings.Capture.Filter);
            Assert.True(settings.Capture.IsExcluded("lo"));
            Assert.True(settings.Capture.IsExcluded("docker0"));
            Assert.False(settings.Capture.IsExcluded("eth0"));
            Assert.Equal(ConfigLoader.OverrideName, config.GetOrigin("weir.rotation.interval")!.Name);
            Assert.Equal(user, config.GetOrigin("weir.data-dir")!.Name);
            Assert.Equal(2, config.GetOrigin("weir.data-dir")!.Line);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_BadUserValue_ErrorNamesUserFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("weir-config-");
        try
        {
            var user = Path.Combine(dir.FullName, "weir.conf");
            File.WriteAllText(user, "# mine\nweir.rotation.interval = fast\n");
            var ex = Assert.Throws<ConfigurationException>(() => ConfigLoader.LoadSettings(user, null));
            Assert.Equal($"weir.rotation.interval: expected a duration (like 100ms, 5s, 2m, 1h, 1d), got \"fast\" ({user}:2)", ex.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_MissingUserFile_Throws()
    {
        var ex = Assert.Throws<ConfigurationException>(() => ConfigLoader.Load("/nonexistent/weir.conf", null));
        Assert.Contains("/nonexistent/weir.conf", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OverrideWithNewline_IsTakenAsText()
    {
        var config = ConfigLoader.Load(null, new Dictionary<string, string> { ["weir.capture.filter"] = "tcp\nweir.data-dir = x" });
        Assert.Equal("tcp\nweir.data-dir = x", config.GetString("weir.capture.filter"));
        Assert.Equal("data", config.GetString("weir.data-dir"));
    }

    [Fact]
    public void Load_EnvironmentToken_ReachesApiSettings()
    {
        // The reference reads ${?WEIR_API_TOKEN}; resolve with a fake environment so parallel tests are unaffected.
        var config = ConfigLoader.Layer(null, new Dictionary<string, string> { ["weir.api.bind"] = "0.0.0.0:9110" })
            .Resolve(name => name == "WEIR_API_TOKEN" ? "t0ken" : null);
        var settings = WeirSettings.FromConfig(config);
        Assert.Equal("t0ken", settings.Api.Token);
        Assert.Equal("0.0.0.0:9110", settings.Api.Bind.ToString());
    }
}
