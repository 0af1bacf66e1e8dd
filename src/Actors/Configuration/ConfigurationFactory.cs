namespace Weir.Actors.Configuration;

/// <summary>Parses HOCON text and files into <see cref="Config"/> (Akka's <c>ConfigurationFactory</c>).</summary>
public static class ConfigurationFactory
{
    /// <summary>A configuration with no keys.</summary>
    public static Config Empty => Config.Empty;

    /// <summary>
    /// Parses <paramref name="text"/>. <paramref name="originName"/> names it in origins and errors (default
    /// <c>string</c>); relative includes are looked up in the current directory. With <paramref name="resolve"/>
    /// off, substitutions wait for <see cref="Config.Resolve()"/> (layer with <see cref="Config.WithFallback"/> first).
    /// </summary>
    public static Config ParseString(string text, string? originName = null, bool resolve = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = originName ?? "string";
        var document = HoconParser.Parse(text, name, baseDirectory: null);
        return Config.FromRaw(HoconTreeBuilder.Build(document), [name], resolve);
    }

    /// <summary>
    /// Parses the file at <paramref name="path"/>; origins and errors name it as given, and relative includes are
    /// looked up next to it.
    /// </summary>
    public static Config ParseFile(string path, bool resolve = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{path}: cannot read the configuration file: {ex.Message}", ex);
        }

        var directory = System.IO.Path.GetDirectoryName(path) is { Length: > 0 } dir ? dir : null;
        var document = HoconParser.Parse(text, path, directory, path);
        return Config.FromRaw(HoconTreeBuilder.Build(document), [path], resolve);
    }
}
