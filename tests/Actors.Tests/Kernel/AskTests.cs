using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class AskTests(ITestOutputHelper output) : TestKit.TestKit(output: output)
{
    [Fact]
    public async Task Ask_returns_a_reply_of_the_expected_type()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Assert.Equal("hi", await echo.Ask<string>("hi", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Ask_times_out_with_AskTimeoutException()
    {
        var probe = CreateTestProbe();
        await Assert.ThrowsAsync<AskTimeoutException>(() => probe.Ref.Ask<string>("q", TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task Ask_faults_with_the_cause_of_Status_Failure()
    {
        var probe = CreateTestProbe();
        var ask = probe.Ref.Ask<string>("q", TimeSpan.FromSeconds(3));
        probe.ExpectMsg("q");
        probe.Reply(new Status.Failure(new InvalidOperationException("nope")));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ask);
        Assert.Equal("nope", e.Message);
    }

    [Fact]
    public async Task Ask_with_a_reply_of_the_wrong_type_faults_with_ArgumentException()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        await Assert.ThrowsAsync<ArgumentException>(() => echo.Ask<string>(42, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Ask_late_reply_goes_to_dead_letters()
    {
        var probe = CreateTestProbe();
        await Assert.ThrowsAsync<AskTimeoutException>(() => probe.Ref.Ask<string>("q", TimeSpan.FromMilliseconds(50)));
        probe.ExpectMsg("q");
        EventFilter.DeadLetter<string>(s => s == "late").ExpectOne(() => probe.Reply("late"));
    }

    [Fact]
    public async Task Ask_throw_in_the_target_leaves_the_ask_pending_until_timeout()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new FailingActor(probe.Ref)));
        probe.ExpectMsg("started");
        using (EventFilter.Exception<InvalidOperationException>().Mute())
        {
            // The timeout is long beside the wait so that a loaded machine cannot stretch the wait past it.
            var ask = actor.Ask<string>("fail", TimeSpan.FromSeconds(3));
            await Task.Delay(100);
            Assert.False(ask.IsCompleted);
            await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        }
    }

    [Fact]
    public async Task Ask_is_cancelled_by_its_token()
    {
        var probe = CreateTestProbe();
        using var cts = new CancellationTokenSource();
        var ask = probe.Ref.Ask<string>("q", TimeSpan.FromSeconds(10), cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public async Task Ask_reply_sender_is_a_temp_ref()
    {
        var probe = CreateTestProbe();
        var ask = probe.Ref.Ask<string>("q", TimeSpan.FromSeconds(3));
        probe.ExpectMsg("q");
        Assert.StartsWith("akka://test/temp/$", probe.LastSender.Path.ToString(), StringComparison.Ordinal);
        probe.Reply("a");
        Assert.Equal("a", await ask);
    }

    [Fact]
    public void PipeTo_sends_result_or_failure()
    {
        Task.FromResult("ok").PipeTo(TestActor);
        ExpectMsg("ok");
        Task.FromException<string>(new InvalidOperationException("x")).PipeTo(TestActor);
        ExpectMsg<Status.Failure>(f => Assert.IsType<InvalidOperationException>(f.Cause));
    }
}
