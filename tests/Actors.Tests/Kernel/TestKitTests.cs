using Weir.Actors.Kernel;
using Weir.TestKit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Weir.Actors.Tests.Kernel;

public sealed class TestKitTests(ITestOutputHelper output) : TestKit.TestKit(output: output)
{
    [Fact]
    public void ExpectMsg_of_the_wrong_type_fails()
    {
        TestActor.Tell(42);
        Assert.Throws<FailException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void ExpectMsg_times_out_and_ExpectNoMsg_fails_on_a_message()
    {
        Assert.Throws<FailException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(50)));
        TestActor.Tell("x");
        Assert.Throws<FailException>(() => ExpectNoMsg(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void ExpectMsg_forms_value_predicate_assert_and_sender()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        echo.Tell("a");
        ExpectMsg("a");
        echo.Tell("b");
        ExpectMsg<string>(s => s == "b");
        echo.Tell("c");
        ExpectMsg<string>(s => Assert.Equal("c", s));
        echo.Tell("d");
        ExpectMsg<string>((s, sender) => Assert.Equal(echo, sender));
        echo.Tell("e");
        ExpectMsgFrom(echo, "e");
    }

    [Fact]
    public void ExpectMsgAllOf_and_AnyOf_and_ReceiveN()
    {
        TestActor.Tell(2);
        TestActor.Tell(1);
        ExpectMsgAllOf(1, 2);
        TestActor.Tell(7);
        Assert.Equal(7, ExpectMsgAnyOf(5, 6, 7));
        TestActor.Tell("x");
        TestActor.Tell("y");
        Assert.Equal(["x", "y"], ReceiveN(2));
    }

    [Fact]
    public void ReceiveWhile_stops_at_the_first_rejected_message_and_keeps_it()
    {
        TestActor.Tell("a");
        TestActor.Tell("b");
        TestActor.Tell(3);
        var strings = ReceiveWhile<string>(o => o as string, TimeSpan.FromMilliseconds(300));
        Assert.Equal(["a", "b"], strings);
        ExpectMsg(3);
    }

    [Fact]
    public void FishForMessage_drops_others()
    {
        TestActor.Tell(1);
        TestActor.Tell("skip");
        TestActor.Tell(5);
        Assert.Equal(5, FishForMessage<int>(i => i > 2));
        Assert.Throws<FailException>(() => FishForMessage<int>(i => i > 2, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void Within_sets_the_deadline_for_ExpectNoMsg_and_checks_the_bounds()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Within(TimeSpan.FromMilliseconds(200), () => ExpectNoMsg());
        Assert.InRange(watch.ElapsedMilliseconds, 150, 2000);
        Assert.Throws<FailException>(() => Within(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), () => { }));
    }

    [Fact]
    public void AwaitCondition_and_AwaitAssert_poll()
    {
        int n = 0;
        AwaitCondition(() => ++n >= 3, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(10));
        Assert.Throws<FailException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50)));
        int m = 0;
        AwaitAssert(() => Assert.True(++m >= 3), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public void TestProbe_Reply_Forward_and_AutoPilot()
    {
        var probe = CreateTestProbe();
        var other = CreateTestProbe();
        probe.Ref.Tell("q");
        probe.ExpectMsg("q");
        probe.Reply("r");
        ExpectMsg("r");
        Assert.Equal(probe.Ref, LastSender);
        probe.Ref.Tell("f");
        probe.ExpectMsg("f");
        probe.Forward(other.Ref);
        other.ExpectMsg("f");
        Assert.Equal(TestActor, other.LastSender);

        probe.SetAutoPilot(new DelegateAutoPilot((sender, msg) =>
        {
            sender.Tell("auto:" + msg, ActorRefs.NoSender);
            return AutoPilot.KeepRunning;
        }));
        probe.Ref.Tell("1");
        ExpectMsg("auto:1");
        probe.Ref.Tell("2");
        ExpectMsg("auto:2");
    }

    [Fact]
    public void Dilated_applies_the_time_factor()
    {
        Assert.Equal(TimeSpan.FromSeconds(1) * TestKitSettings.TimeFactor, Dilated(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void EventFilter_fails_when_the_count_differs()
    {
        var filter = EventFilter.Warning("never");
        Assert.Throws<FailException>(() => new EventFilterApplierProbe(filter).Run());
    }

    [Fact]
    public async Task Async_twins_work()
    {
        TestActor.Tell("a");
        Assert.Equal("a", await ExpectMsgAsync<string>());
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    private sealed class EventFilterApplierProbe(EventFilterApplier filter)
    {
        public void Run() => filter.Expect(1, () => { });
    }
}

public sealed class TestKitSettingsTests() : TestKit.TestKit(testKitSettings: new TestKitSettings { FilterLeeway = TimeSpan.FromMilliseconds(100), ExpectNoMessageDefault = TimeSpan.FromMilliseconds(100) })
{
    [Fact]
    public void ExpectNoMsg_without_duration_uses_the_default()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ExpectNoMsg();
        Assert.InRange(watch.ElapsedMilliseconds, 80, 2000);
    }
}

public sealed class NoImplicitSenderTests : TestKit.TestKit, INoImplicitSender
{
    [Fact]
    public void Tell_in_the_test_body_has_no_sender_with_INoImplicitSender()
    {
        var probe = CreateTestProbe();
        probe.Ref.Tell("x");
        probe.ExpectMsg("x");
        Assert.Equal(Sys.DeadLetters, probe.LastSender);
    }
}
