using Weir.Actors.Configuration;

namespace Weir.Actors.Tests.Configuration;

public class AkkaHoconFileTests
{
    [Fact]
    public void Reference_Parses_AndSettingsBuild()
    {
        var config = ConfigLoader.LoadReference();
        var settings = WeirSettings.FromConfig(config);
        Assert.Equal(TimeSpan.FromSeconds(300), settings.Rotation.Interval);
        Assert.Equal("data/db", settings.Db.Path);
        Assert.Equal(1 << 20, settings.Capture.Ring.BlockSize);
        Assert.NotEmpty(config.Render());
    }
}
