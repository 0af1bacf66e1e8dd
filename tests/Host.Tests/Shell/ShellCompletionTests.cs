using Weir.Host.Shell;

namespace Weir.Host.Tests.Shell;

public sealed class ShellCompletionTests
{
    private static readonly string[] s_ifaces = ["eth0", "eth1"];

    [Theory]
    [InlineData("", "status")]
    [InlineData("cap", "capture")]
    [InlineData("capture ", "rotate")]
    [InlineData("capture enable ", "eth1")]
    [InlineData("query -i ", "eth0")]
    [InlineData("query ", "talk_conv")]
    [InlineData("query -c 'dport = 443' sip,", "dport")]
    [InlineData("log ", "tail")]
    public void Candidates_Context_OffersExpected(string line, string expected) =>
        Assert.Contains(expected, ShellCompletion.Candidates(line, s_ifaces));

    [Fact]
    public void Candidates_AfterRotate_OffersNothing() =>
        Assert.Empty(ShellCompletion.Candidates("capture rotate ", s_ifaces));

    [Fact]
    public void Tokenize_Quotes_GroupWords() =>
        Assert.Equal(["query", "-c", "dport = 443 & proto = tcp", "sip"], ShellSession.Tokenize("query -c \"dport = 443 & proto = tcp\" sip"));

    [Fact]
    public void CommonPrefix_Candidates_Shared() =>
        Assert.Equal("talk_", LineEditor.CommonPrefix(["talk_conv", "talk_src", "talk_dst"]));
}
