using Weir.Actors.Configuration;

namespace Weir.Actors.Tests.Configuration;

/// <summary>Random HOCON-shaped input: the reader either succeeds or throws <see cref="ConfigurationException"/>, never anything else.</summary>
public class HoconFuzzTests
{
    private static readonly string[] s_tokens =
    [
        "a", "b", "a.b", "\"q.k\"", "=", ":", "+=", "{", "}", "[", "]", ",", "\n", " ", "\t", "${a}", "${?a}", "${a.b}",
        "${?WEIR_FUZZ_UNSET}", "null", "1", "5 s", "64MiB", "\"str\"", "\"\"\"raw\"\"\"", "#c\n", "//c\n", "include \"nope.conf\"",
        "include required(\"nope.conf\")", "$", "\"", "\\", "^", "*", "\r\n", "\"\\u00\"", "true", "x y",
    ];

    [Fact]
    public void ParseString_RandomInput_ThrowsOnlyConfigurationException()
    {
        var random = new Random(20261201);
        for (var i = 0; i < 5000; i++)
        {
            var count = random.Next(1, 24);
            var text = string.Concat(Enumerable.Range(0, count).Select(_ => s_tokens[random.Next(s_tokens.Length)]));
            try
            {
                var config = ConfigurationFactory.ParseString(text, "fuzz.conf");
                _ = config.Render();
            }
            catch (ConfigurationException)
            {
            }
            catch (Exception ex)
            {
                Assert.Fail($"input {System.Text.Json.JsonSerializer.Serialize(text)} threw {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    [Fact]
    public void ParseString_RandomInput_RenderRoundTrips()
    {
        var random = new Random(7);
        for (var i = 0; i < 3000; i++)
        {
            var count = random.Next(1, 16);
            var text = string.Concat(Enumerable.Range(0, count).Select(_ => s_tokens[random.Next(s_tokens.Length)]));
            Config config;
            try
            {
                config = ConfigurationFactory.ParseString(text, "fuzz.conf");
            }
            catch (ConfigurationException)
            {
                continue;
            }

            var rendered = config.Render(redactSecrets: false);
            var again = ConfigurationFactory.ParseString(rendered, "rendered");
            Assert.True(rendered == again.Render(redactSecrets: false), $"input {System.Text.Json.JsonSerializer.Serialize(text)} rendered as {rendered}");
        }
    }
}
