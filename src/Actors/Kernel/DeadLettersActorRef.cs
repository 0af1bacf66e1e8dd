namespace Weir.Actors.Kernel;

/// <summary>
/// <c>/deadLetters</c>: publishes what it gets as <see cref="DeadLetter"/> and logs the first
/// <see cref="ActorSystemSettings.LogDeadLetters"/> of them, then mutes the log for the suspend duration.
/// </summary>
internal sealed class DeadLettersActorRef : MinimalActorRef
{
    private readonly ActorSystem _system;
    private readonly object _lock = new();
    private int _logged;
    private TimeSpan _mutedUntil = TimeSpan.MinValue;

    public DeadLettersActorRef(ActorSystem system, ActorPath path)
        : base(path, 0)
    {
        _system = system;
    }

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        var letter = message as DeadLetter ?? new DeadLetter(message, sender ?? this, this);
        if (letter.Message is Identify identify)
        {
            letter.Sender.Tell(new ActorIdentity(identify.MessageId, null), this);
            return;
        }

        _system.EventStream.Publish(letter);
        if (letter.Message is not IDeadLetterSuppression)
        {
            Log(letter);
        }
    }

    private void Log(DeadLetter letter)
    {
        var settings = _system.Settings;
        if (settings.LogDeadLetters <= 0)
        {
            return;
        }

        int count;
        bool last;
        lock (_lock)
        {
            var now = _system.TimeProvider.MonotonicClock;
            if (now < _mutedUntil)
            {
                return;
            }

            if (_mutedUntil != TimeSpan.MinValue)
            {
                _mutedUntil = TimeSpan.MinValue;
                _logged = 0;
            }

            count = ++_logged;
            last = count >= settings.LogDeadLetters;
            if (last)
            {
                _mutedUntil = now + settings.LogDeadLettersSuspendDuration;
            }
        }

        string text = $"Message [{letter.Message.GetType().Name}] from {letter.Sender.Path} to {letter.Recipient.Path} was not delivered. [{count}] dead letters encountered";
        if (last)
        {
            text += $", no more dead letters will be logged in the next [{settings.LogDeadLettersSuspendDuration}]";
        }

        new BusLogging(_system, letter.Recipient.Path.ToString(), typeof(DeadLettersActorRef)).Info("{0}.", text);
    }
}
