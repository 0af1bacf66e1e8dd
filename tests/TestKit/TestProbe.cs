using Weir.Actors.Kernel;

namespace Weir.TestKit;

/// <summary>A test actor of its own, to stand in for a collaborator (Akka's <c>TestProbe</c>).</summary>
public sealed class TestProbe : TestKitBase
{
    internal TestProbe(ActorSystem system, TestKitSettings settings, string name)
        : base(settings)
    {
        InitializeTest(system, name);
    }

    /// <summary>The probe's ref.</summary>
    public IActorRef Ref => TestActor;

    /// <summary>Sends <paramref name="message"/> to the probe.</summary>
    public void Tell(object message, IActorRef? sender = null) => Ref.Tell(message, sender);

    /// <inheritdoc/>
    public override string ToString() => $"TestProbe({Ref.Path})";
}
