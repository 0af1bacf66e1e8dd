namespace Weir.Actors.Capture;

/// <summary>
/// One entry of the desired interface set given to <see cref="UpdateInterfaces"/>: an interface by name, or a
/// regular expression over the host's interface names (<see cref="InterfaceMatch.Pattern"/>; <c>.*</c> is
/// discovery). Options left <c>null</c> take the value of <c>weir.capture</c>.
/// </summary>
/// <param name="Name">The interface name, or the pattern.</param>
/// <param name="Match">Whether <paramref name="Name"/> is a name or a pattern.</param>
/// <param name="Promiscuous">Promiscuous mode, or <c>null</c> for <c>weir.capture.promiscuous</c>.</param>
/// <param name="SnapLength">Bytes kept of each frame, or <c>null</c> for <c>weir.capture.snap-length</c>.</param>
/// <param name="Filter">A BPF filter, or <c>null</c> for <c>weir.capture.filter</c> (empty: none).</param>
public sealed record InterfaceConfig(
    string Name,
    InterfaceMatch Match = InterfaceMatch.Exact,
    bool? Promiscuous = null,
    int? SnapLength = null,
    string? Filter = null)
{
    /// <summary>An entry for the interface called <paramref name="name"/>.</summary>
    public static InterfaceConfig Named(string name) => new(name);

    /// <summary>An entry for every interface whose whole name matches <paramref name="regex"/>.</summary>
    public static InterfaceConfig Pattern(string regex) => new(regex, InterfaceMatch.Pattern);

    /// <summary>An entry for every interface of the host (minus <c>weir.capture.exclude</c>).</summary>
    public static InterfaceConfig Discover() => new(".*", InterfaceMatch.Pattern);
}
