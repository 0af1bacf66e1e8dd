namespace Weir.Actors.Capture;

/// <summary>How <see cref="InterfaceConfig.Name"/> selects interfaces.</summary>
public enum InterfaceMatch
{
    /// <summary>The name is one interface's name; it is captured even while the interface does not exist (its actor retries with back-off).</summary>
    Exact,

    /// <summary>The name is a regular expression matched against the whole names of the host's interfaces, minus <c>weir.capture.exclude</c>.</summary>
    Pattern,
}
