using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class EventStreamTests(ITestOutputHelper output) : TestKit.TestKit(output: output)
{
    private abstract record Animal;

    private sealed record Dog : Animal;

    [Fact]
    public void Subscribe_matches_subtypes_and_Unsubscribe_stops_delivery()
    {
        var probe = CreateTestProbe();
        Assert.True(Sys.EventStream.Subscribe(probe.Ref, typeof(Animal)));
        Sys.EventStream.Publish(new Dog());
        probe.ExpectMsg<Dog>();
        Sys.EventStream.Publish("not an animal");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.True(Sys.EventStream.Unsubscribe(probe.Ref, typeof(Animal)));
        Sys.EventStream.Publish(new Dog());
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Subscriber_is_removed_when_it_terminates()
    {
        var subscriber = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Sys.EventStream.Subscribe(subscriber, typeof(Dog));
        Watch(subscriber);
        Sys.Stop(subscriber);
        ExpectTerminated(subscriber);
        Assert.False(Sys.EventStream.Unsubscribe(subscriber), "the subscription was removed on termination");
    }

    [Fact]
    public void Subscribing_to_two_matching_channels_delivers_once()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Animal));
        Sys.EventStream.Subscribe(probe.Ref, typeof(Dog));
        Sys.EventStream.Publish(new Dog());
        probe.ExpectMsg<Dog>();
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void GetLogger_publishes_log_events_with_the_actor_path()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LoggingActor()), "logger");
        EventFilter.Warning("careful 1", source: "akka://test/user/logger").ExpectOne(() => actor.Tell("warn"));
        EventFilter.Info(start: "hello").ExpectOne(() => actor.Tell("info"));
        EventFilter.Error(contains: "broken").ExpectOne(() => actor.Tell("error"));
    }

    [Fact]
    public void Debug_events_are_not_published_below_the_log_level()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Debug));
        var actor = Sys.ActorOf(Props.Create(() => new LoggingActor()));
        actor.Tell("debug");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Dead_letters_are_published_and_logged()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        EventFilter.Info(contains: "was not delivered").ExpectOne(() => Sys.DeadLetters.Tell("x"));
        var d = probe.ExpectMsg<DeadLetter>();
        Assert.Equal("x", d.Message);
        Assert.Equal(TestActor, d.Sender);
    }

    private sealed class LoggingActor : ReceiveActor
    {
        public LoggingActor()
        {
            var log = Context.GetLogger();
            Receive<string>(s => s == "warn", _ => log.Warning("careful {0}", 1));
            Receive<string>(s => s == "info", _ => log.Info("hello {0}", "there"));
            Receive<string>(s => s == "error", _ => log.Error(new InvalidOperationException("x"), "broken"));
            Receive<string>(s => s == "debug", _ => log.Debug("quiet"));
        }
    }
}

public sealed class DeadLetterLoggingTests(ITestOutputHelper output) : TestKit.TestKit(
    ActorSystemSettings.Default with { LogDeadLetters = 3, LogDeadLettersSuspendDuration = TimeSpan.FromMinutes(5) }, output, virtualTime: true)
{
    [Fact]
    public void Dead_letter_logging_mutes_after_the_limit_then_resumes_after_the_suspend_duration()
    {
        var filter = EventFilter.Info(contains: "was not delivered");
        filter.Expect(3, () =>
        {
            for (int i = 0; i < 10; i++)
            {
                Sys.DeadLetters.Tell(i);
            }
        });
        VirtualTime.Advance(TimeSpan.FromMinutes(5));
        filter.ExpectOne(() => Sys.DeadLetters.Tell("again"));
    }
}
