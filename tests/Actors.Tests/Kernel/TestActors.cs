using Weir.Actors.Kernel;

namespace Weir.Actors.Tests.Kernel;

/// <summary>Small actors shared by the kernel tests.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(m => Sender.Tell(m, Self));
}

/// <summary>Reports its lifecycle to a probe; "fail" throws, "state" replies with its counter.</summary>
internal sealed class LifecycleActor : ReceiveActor
{
    private readonly IActorRef _probe;
    private int _count;

    public LifecycleActor(IActorRef probe)
    {
        _probe = probe;
        Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("boom"));
        Receive<string>(s => s == "state", _ => Sender.Tell(_count, Self));
        Receive<string>(s => s == "become", _ => Become(() => Receive<string>(m => Sender.Tell("other:" + m, Self))));
        Receive<string>(s =>
        {
            _count++;
            _probe.Tell(s, Self);
        });
    }

    protected override void PreStart() => _probe.Tell("prestart", Self);

    protected override void PostStop() => _probe.Tell("poststop", Self);

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell($"prerestart:{message}", Self);
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell("postrestart", Self);
        base.PostRestart(reason);
    }
}

/// <summary>Throws in <c>Receive</c> for "fail", otherwise forwards to the probe.</summary>
internal sealed class FailingActor : ReceiveActor
{
    private readonly IActorRef _probe;

    public FailingActor(IActorRef probe)
    {
        _probe = probe;
        Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("boom"));
        Receive<string>(s => s == "fail-arg", _ => throw new ArgumentException("bad"));
        ReceiveAny(m => _probe.Tell(m, Self));
    }

    protected override void PreStart() => _probe.Tell("started", Self);
}

/// <summary>A parent that creates children by name on request and applies a given strategy.</summary>
internal sealed class ParentActor : ReceiveActor
{
    private readonly SupervisorStrategy? _strategy;

    public ParentActor(SupervisorStrategy? strategy = null)
    {
        _strategy = strategy;
        Receive<CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name), Self));
        Receive<Func<IActorContext, object>>(f => Sender.Tell(f(Context), Self));
    }

    protected override SupervisorStrategy SupervisorStrategy() => _strategy ?? base.SupervisorStrategy();
}

internal sealed record CreateChild(Props Props, string? Name);
