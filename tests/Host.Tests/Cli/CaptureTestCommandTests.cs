using Weir.Host.Cli;
using Weir.Tests.Shared;

namespace Weir.Host.Tests.Cli;

/// <summary>The hidden <c>weir capture-test</c> command: argument checks and exit statuses.</summary>
public sealed class CaptureTestCommandTests
{
    [Theory]
    [InlineData("banana")]
    [InlineData("-5s")]
    [InlineData("10x")]
    public void Parse_BadDuration_ReportsWhatADurationLooksLike(string duration)
    {
        var result = CliRoot.Create().Parse(["capture-test", "-i", "lo", "--duration", duration]);

        Assert.Contains(result.Errors, e => e.Message.Contains("is not a duration", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NoInterface_IsAnError()
    {
        var result = CliRoot.Create().Parse(["capture-test", "--duration", "1s"]);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Invoke_SnapLengthOutOfRange_ReturnsUsage()
    {
        int status = CliRoot.Create().Parse(["capture-test", "-i", "lo", "--snaplen", "5", "-d", "100ms"]).Invoke();

        Assert.Equal(ExitCodes.Usage, status);
    }

    [SkippableFact]
    public void Invoke_NonexistentInterface_ReturnsFailed()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "live capture is Linux only");

        int status = CliRoot.Create().Parse(["capture-test", "-i", "weir-nope0", "-d", "100ms"]).Invoke();

        Assert.Equal(ExitCodes.Failed, status);
    }

    [SkippableFact]
    public void Invoke_LoopbackForAMoment_Succeeds()
    {
        Requires.Root();

        int status = CliRoot.Create().Parse(["capture-test", "-i", "lo", "-d", "200ms", "--block-kib", "256", "--block-count", "2", "--snaplen", "2048"]).Invoke();

        Assert.Equal(ExitCodes.Success, status);
    }
}
