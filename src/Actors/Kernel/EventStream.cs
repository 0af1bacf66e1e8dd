namespace Weir.Actors.Kernel;

/// <summary>
/// The system's publish/subscribe bus (Akka's <c>EventStream</c>). A subscription to a type also receives its
/// subtypes. Delivery is a <see cref="IActorRef.Tell(object, IActorRef?)"/> on the publisher's thread; an actor
/// subscriber is removed when it terminates.
/// </summary>
public sealed class EventStream
{
    private readonly object _lock = new();
    private (IActorRef Subscriber, Type Channel)[] _subscriptions = [];

    /// <summary>Subscribes <paramref name="subscriber"/> to <paramref name="channel"/> and its subtypes; false if already subscribed.</summary>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_lock)
        {
            foreach (var (s, c) in _subscriptions)
            {
                if (s.Equals(subscriber) && c == channel)
                {
                    return false;
                }
            }

            _subscriptions = [.. _subscriptions, (subscriber, channel)];
            return true;
        }
    }

    /// <summary>Removes the subscription of <paramref name="subscriber"/> to exactly <paramref name="channel"/>.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type channel)
    {
        lock (_lock)
        {
            var kept = Array.FindAll(_subscriptions, x => !(x.Subscriber.Equals(subscriber) && x.Channel == channel));
            bool removed = kept.Length != _subscriptions.Length;
            _subscriptions = kept;
            return removed;
        }
    }

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public bool Unsubscribe(IActorRef subscriber)
    {
        lock (_lock)
        {
            var kept = Array.FindAll(_subscriptions, x => !x.Subscriber.Equals(subscriber));
            bool removed = kept.Length != _subscriptions.Length;
            _subscriptions = kept;
            return removed;
        }
    }

    /// <summary>Delivers <paramref name="event"/> to every subscriber of its type or a base type, once per subscriber.</summary>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var subscriptions = Volatile.Read(ref _subscriptions);
        IActorRef? last = null;
        for (int i = 0; i < subscriptions.Length; i++)
        {
            var (subscriber, channel) = subscriptions[i];
            if (!channel.IsInstanceOfType(@event) || ReferenceEquals(subscriber, last) || AlreadyDelivered(subscriptions, i, subscriber, @event))
            {
                continue;
            }

            last = subscriber;
            subscriber.Tell(@event, null);
        }
    }

    private static bool AlreadyDelivered((IActorRef Subscriber, Type Channel)[] subscriptions, int index, IActorRef subscriber, object @event)
    {
        for (int j = 0; j < index; j++)
        {
            if (subscriptions[j].Subscriber.Equals(subscriber) && subscriptions[j].Channel.IsInstanceOfType(@event))
            {
                return true;
            }
        }

        return false;
    }
}
