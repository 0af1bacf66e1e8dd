using Weir.Actors.Configuration;

namespace Weir.Actors.Tests.Configuration;

/// <summary>config/akka.hocon parses, builds the settings, and documents exactly what Weir reads.</summary>
public class AkkaHoconFileTests
{
    private static string RepoFile => Path.Combine(FindRepoRoot(), "config", "akka.hocon");

    [Fact]
    public void Reference_EmbeddedResource_MatchesRepositoryFile()
    {
        var embedded = ConfigLoader.LoadReference().Render(redactSecrets: false);
        var onDisk = ConfigurationFactory.ParseFile(RepoFile).Render(redactSecrets: false);
        Assert.Equal(onDisk, embedded);
    }

    [Fact]
    public void Reference_Parses_AndSettingsBuild()
    {
        var config = ConfigLoader.LoadReference();
        var settings = WeirSettings.FromConfig(config);
        Assert.Same(config, settings.Config);
        Assert.Null(settings.Api.Token);
        Assert.Null(settings.Persistence.PostgresConnectionString);
    }

    [Fact]
    public void Reference_EveryLeafKey_IsReadBySettings()
    {
        // Give every ${?ENV} a value so the optional keys exist and are checked too.
        var read = new HashSet<string>(StringComparer.Ordinal);
        var config = ConfigLoader.LoadReference(resolve: false).Resolve(_ => "from-env").WithReadLog(read);
        WeirSettings.FromConfig(config);

        var unread = LeafPaths(config.Root, "")
            .Where(leaf => !read.Contains(leaf) && !read.Any(r => r.StartsWith(leaf + ".", StringComparison.Ordinal)))
            .ToList();
        Assert.True(unread.Count == 0, "keys in config/akka.hocon that WeirSettings does not read: " + string.Join(", ", unread));
        Assert.Contains("weir.api.token", read);
        Assert.Contains("weir.persistence.postgres.connection-string", read);
    }

    [Fact]
    public void Reference_EveryKeySettingsRead_IsInTheFile()
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        var config = ConfigLoader.LoadReference(resolve: false).Resolve(_ => "from-env").WithReadLog(read);
        WeirSettings.FromConfig(config);

        // Per-phase timeout, recover and depends-on are optional by design (Akka's phases set only what differs).
        var undocumented = read
            .Where(path => !path.StartsWith("akka.coordinated-shutdown.phases.", StringComparison.Ordinal))
            .Where(path => !config.HasPath(path))
            .ToList();
        Assert.True(undocumented.Count == 0, "keys WeirSettings reads that config/akka.hocon lacks: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void Reference_EveryKeyLine_HasCommentNearby()
    {
        // Each key is documented in place: a comment within the three lines above it, or above its enclosing block.
        var lines = File.ReadAllLines(RepoFile);
        var config = ConfigurationFactory.ParseFile(RepoFile, resolve: false).Resolve(_ => "x");
        var missing = new List<string>();
        foreach (var leaf in LeafPaths(config.Root, ""))
        {
            var documented = false;
            for (var path = leaf; path.Length > 0 && !documented; path = path.Contains('.', StringComparison.Ordinal) ? path[..path.LastIndexOf('.')] : "")
            {
                var origin = config.GetOrigin(path);
                if (origin is null || origin.Name != RepoFile)
                {
                    continue;
                }

                for (var l = origin.Line - 2; l >= Math.Max(0, origin.Line - 4) && !documented; l--)
                {
                    documented = lines[l].TrimStart().StartsWith('#');
                }
            }

            if (!documented)
            {
                missing.Add(leaf);
            }
        }

        Assert.True(missing.Count == 0, "keys without a comment: " + string.Join(", ", missing));
    }

    [Fact]
    public void Reference_Render_RoundTrips()
    {
        var config = ConfigLoader.LoadReference();
        var text = config.Render(redactSecrets: false);
        var again = ConfigurationFactory.ParseString(text, "rendered");
        Assert.Equal(text, again.Render(redactSecrets: false));
        WeirSettings.FromConfig(again);
    }

    [Fact]
    public void OperatorDocExample_Loads()
    {
        var doc = File.ReadAllText(Path.Combine(FindRepoRoot(), "docs", "hocon.md"));
        var start = doc.IndexOf("```hocon\n", StringComparison.Ordinal) + "```hocon\n".Length;
        var example = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, example);
            var config = ConfigLoader.Layer(file, null).Resolve(name => name == "WEIR_API_TOKEN" ? "t" : null);
            var settings = WeirSettings.FromConfig(config);
            Assert.Equal("/srv/weir/db", settings.Db.Path);
            Assert.Equal(["eth0", "eth1"], settings.Capture.Interfaces);
            Assert.True(settings.Capture.IsExcluded("docker0"));
            Assert.True(settings.Capture.IsExcluded("lo"));
            Assert.Equal(TimeSpan.FromMinutes(1), settings.Rotation.Interval);
            Assert.Equal("t", settings.Api.Token);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<string> LeafPaths(ConfigObject obj, string prefix)
    {
        if (obj.Fields.Count == 0 && prefix.Length > 0)
        {
            yield return prefix;
        }

        foreach (var (key, value) in obj.Fields)
        {
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            if (value is ConfigObject child)
            {
                foreach (var leaf in LeafPaths(child, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Engine.sln) not found above " + AppContext.BaseDirectory);
    }
}
