using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class BehaviourTests(ITestOutputHelper output) : TestKit.TestKit(output: output)
{
    [Fact]
    public void Receive_first_match_in_declaration_order_wins()
    {
        var actor = Sys.ActorOf(Props.Create(() => new OrderActor()));
        actor.Tell("special");
        ExpectMsg("pred");
        actor.Tell("other");
        ExpectMsg("string");
        actor.Tell(1);
        ExpectMsg("any");
    }

    [Fact]
    public void BecomeStacked_and_UnbecomeStacked_push_and_pop()
    {
        var actor = Sys.ActorOf(Props.Create(() => new StackActor()));
        actor.Tell("who");
        ExpectMsg("base");
        actor.Tell("push");
        actor.Tell("who");
        ExpectMsg("pushed");
        actor.Tell("pop");
        actor.Tell("who");
        ExpectMsg("base");
    }

    [Fact]
    public void Unhandled_publishes_UnhandledMessage()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(UnhandledMessage));
        var actor = Sys.ActorOf(Props.Create(() => new OrderActor()));
        actor.Tell(3.5);
        var u = probe.ExpectMsg<UnhandledMessage>();
        Assert.Equal(3.5, u.Message);
        Assert.Equal(actor, u.Recipient);
        Assert.Equal(TestActor, u.Sender);
    }

    [Fact]
    public void Sender_defaults_to_Self_inside_an_actor_and_to_TestActor_in_the_test_body()
    {
        var probe = CreateTestProbe();
        var relay = Sys.ActorOf(Props.Create(() => new RelayActor(probe.Ref)));
        relay.Tell("x");
        probe.ExpectMsg("x");
        Assert.Equal(relay, probe.LastSender);
        relay.Tell("fwd");
        probe.ExpectMsg("fwd");
        Assert.Equal(TestActor, probe.LastSender);
    }

    [Fact]
    public void Outside_an_actor_NoSender_replies_go_to_dead_letters()
    {
        var echo = Sys.ActorOf(Props.Create(() => new EchoActor()));
        EventFilter.DeadLetter<string>().ExpectOne(() => echo.Tell("nobody", ActorRefs.NoSender));
    }

    [Fact]
    public void Receive_outside_the_constructor_throws()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LateReceiver()));
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => actor.Tell("go"));
    }

    [Fact]
    public void Creating_an_actor_with_new_throws()
    {
        Assert.Throws<InvalidOperationException>(() => new EchoActor());
    }

    private sealed class OrderActor : ReceiveActor
    {
        public OrderActor()
        {
            Receive<string>(s => s == "special", _ => Sender.Tell("pred", Self));
            Receive<string>(_ => Sender.Tell("string", Self));
            Receive<int>(_ => Sender.Tell("any", Self));
        }
    }

    private sealed class StackActor : ReceiveActor
    {
        public StackActor()
        {
            Receive<string>(s => s == "push", _ => BecomeStacked(() =>
            {
                Receive<string>(s => s == "pop", _ => UnbecomeStacked());
                Receive<string>(_ => Sender.Tell("pushed", Self));
            }));
            Receive<string>(_ => Sender.Tell("base", Self));
        }
    }

    private sealed class RelayActor : ReceiveActor
    {
        public RelayActor(IActorRef target)
        {
            Receive<string>(s => s == "fwd", s => target.Forward(s));
            Receive<string>(s => target.Tell(s));
        }
    }

    private sealed class LateReceiver : ReceiveActor
    {
        public LateReceiver() => Receive<string>(_ => Receive<int>(_ => { }));
    }
}
