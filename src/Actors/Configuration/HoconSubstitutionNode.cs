namespace Weir.Actors.Configuration;

/// <summary>
/// <c>${path}</c> or <c>${?path}</c>. A substitution marked <see cref="LooksBackward"/> is a self-reference
/// (<c>p = ${p} [x]</c>, <c>p += x</c>) whose earlier value was not in its own file: it is filled from a
/// fallback configuration by <see cref="Config.WithFallback(Config)"/>, else from the environment.
/// </summary>
internal sealed class HoconSubstitutionNode(
    ConfigOrigin origin, IReadOnlyList<string> path, bool optional, bool looksBackward = false, IReadOnlyList<string>? alternativePath = null)
    : HoconNode(origin)
{
    /// <summary>
    /// The path as written in a file included inside an object: tried when <see cref="Path"/> (re-rooted under
    /// that object) is missing, and the name of the environment variable.
    /// </summary>
    public IReadOnlyList<string>? AlternativePath { get; } = alternativePath;

    /// <summary>The referenced path, absolute from the root.</summary>
    public IReadOnlyList<string> Path { get; } = path;

    /// <summary>Whether it was written <c>${?path}</c>.</summary>
    public bool Optional { get; } = optional;

    /// <summary>Whether this self-reference must be resolved from an earlier definition, never the final tree.</summary>
    public bool LooksBackward { get; } = looksBackward;

    /// <inheritdoc />
    public override bool IsUnresolved => true;

    /// <summary>The path as written, which is also the environment variable name it falls back to.</summary>
    public string PathText => HoconPath.Render(AlternativePath ?? Path);

    /// <summary>The substitution as written (<c>${?a.b}</c>).</summary>
    public override string ToString() => Optional ? $"${{?{PathText}}}" : $"${{{PathText}}}";
}
