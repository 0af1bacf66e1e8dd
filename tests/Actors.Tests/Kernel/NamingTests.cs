using Weir.Actors.Kernel;
using Xunit.Abstractions;

namespace Weir.Actors.Tests.Kernel;

public sealed class NamingTests(ITestOutputHelper output) : TestKit.TestKit(output: output, systemName: "weir")
{
    [Fact]
    public void Name_reuse_straight_after_Stop_throws_and_works_after_Terminated()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(null)), "capture");
        parent.Tell(new CreateChild(Props.Create(() => new EchoActor()), "eth0"));
        var child = ExpectMsg<IActorRef>();
        Watch(child);

        // Inside the parent: stop, then create the same name in the same handler — the sibling is not yet terminated.
        parent.Tell(new Func<IActorContext, object>(ctx =>
        {
            ctx.Stop(ctx.Child("eth0"));
            try
            {
                ctx.ActorOf(Props.Create(() => new EchoActor()), "eth0");
                return "created";
            }
            catch (InvalidActorNameException)
            {
                return "rejected";
            }
        }));
        // The parent's reply and the child's Terminated come from different senders: either may arrive first.
        IReadOnlyList<object> replies = ReceiveN(2);
        Assert.Contains("rejected", replies);
        Assert.Contains(replies, m => m is Terminated t && t.ActorRef.Equals(child));

        parent.Tell(new CreateChild(Props.Create(() => new EchoActor()), "eth0"));
        var again = ExpectMsg<IActorRef>();
        Assert.Equal(child.Path, again.Path);
        Assert.NotEqual(child, again);
    }

    [Fact]
    public void ActorOf_with_a_live_sibling_name_throws_InvalidActorNameException()
    {
        Sys.ActorOf(Props.Create(() => new EchoActor()), "dup");
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new EchoActor()), "dup"));
    }

    [Fact]
    public void Stale_ref_never_reaches_a_new_actor_with_the_same_name()
    {
        var old = Sys.ActorOf(Props.Create(() => new EchoActor()), "same");
        Watch(old);
        Sys.Stop(old);
        ExpectTerminated(old);
        AwaitAssert(() => Sys.ActorOf(Props.Create(() => new EchoActor()), "same"), TimeSpan.FromSeconds(3));
        EventFilter.DeadLetter<string>().ExpectOne(() => old.Tell("to-old"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Path_prints_as_akka_url()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(null)), "capture");
        parent.Tell(new CreateChild(Props.Create(() => new EchoActor()), "eth0"));
        var child = ExpectMsg<IActorRef>();
        Assert.Equal("akka://weir/user/capture/eth0", child.Path.ToString());
        Assert.Equal(["user", "capture", "eth0"], child.Path.Elements);
        Assert.Equal("akka://weir/deadLetters", Sys.DeadLetters.Path.ToString());
    }

    [Theory]
    [InlineData("eth0", true)]
    [InlineData("a-b_c.d*e$f+g:h@i&j=k,l!m~n'o;p(q)r", true)]
    [InlineData("%41", true)]
    [InlineData("$a", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("%4", false)]
    [InlineData("é", false)]
    public void IsValidName_follows_Akka_rules(string name, bool valid) => Assert.Equal(valid, ActorPath.IsValidName(name));

    [Theory]
    [InlineData("eth0", "eth0")]
    [InlineData("veth@if3", "veth@if3")]
    [InlineData("br 0", "br%200")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("$x", "%24x")]
    [InlineData("50%", "50%25")]
    [InlineData("", "%00")]
    [InlineData("wlé", "wl%C3%A9")]
    public void EscapeName_makes_interface_names_valid(string raw, string escaped)
    {
        Assert.Equal(escaped, ActorPath.EscapeName(raw));
        Assert.True(ActorPath.IsValidName(ActorPath.EscapeName(raw)));
    }

    [Fact]
    public void Invalid_name_throws_InvalidActorNameException()
    {
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new EchoActor()), "a b"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new EchoActor()), "$a"));
    }

    [Fact]
    public void Generated_names_start_with_dollar()
    {
        var a = Sys.ActorOf(Props.Create(() => new EchoActor()));
        var b = Sys.ActorOf(Props.Create(() => new EchoActor()));
        Assert.StartsWith("$", a.Path.Name, StringComparison.Ordinal);
        Assert.NotEqual(a.Path, b.Path);
    }

    [Fact]
    public void Identify_returns_the_ref_and_dead_letters_return_none()
    {
        var a = Sys.ActorOf(Props.Create(() => new EchoActor()), "who");
        a.Tell(new Identify("x"));
        ExpectMsg(new ActorIdentity("x", a));
        Sys.DeadLetters.Tell(new Identify("y"));
        ExpectMsg(new ActorIdentity("y", null));
    }
}
