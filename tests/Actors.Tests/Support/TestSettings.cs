using Weir.Actors.Configuration;

namespace Weir.Actors.Tests.Support;

internal static class TestSettings
{
    public static WeirSettings Load(params (string Key, string Value)[] overrides)
    {
        var map = new Dictionary<string, string>
        {
            ["weir.capture.interfaces"] = "[]",
            ["weir.capture.discover"] = "off",
            ["weir.capture.backoff.min"] = "1s",
            ["weir.capture.backoff.max"] = "30s",
            ["weir.writeout.retry-min"] = "100ms",
            ["weir.writeout.retry-max"] = "1s",

            // Endless fake sources spin: at the default nice -10 they would crowd out the test runner on small hosts.
            ["weir.capture.thread-nice"] = "0",
        };
        foreach (var (k, v) in overrides)
        {
            map[k] = v;
        }

        return WeirSettings.FromConfig(ConfigLoader.Load(null, map));
    }
}
