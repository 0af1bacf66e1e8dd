namespace Weir.Engine.Query;

/// <summary>Which counters a query ranks and shows: received, sent, or both.</summary>
public enum Direction
{
    /// <summary>Received and sent together (the default).</summary>
    Sum,

    /// <summary>Received only (<c>-d in</c>).</summary>
    In,

    /// <summary>Sent only (<c>-d out</c>).</summary>
    Out,
}
