namespace Weir.Actors.Configuration;

/// <summary>
/// The configuration is wrong: a syntax error, an unresolved substitution, a missing required key or a value of
/// the wrong type or out of range. The message names the key path, the file and the line (and for syntax errors
/// the column), in the form <c>weir.rotation.interval: expected a duration, got "fast" (config/akka.hocon:42)</c>.
/// </summary>
public class ConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigurationException() { }

    /// <summary>Creates the exception with a message naming what went wrong and where.</summary>
    public ConfigurationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public ConfigurationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a message and the key path and origin it is about.</summary>
    public ConfigurationException(string message, string? path, ConfigOrigin? origin) : base(message)
    {
        Path = path;
        Origin = origin;
    }

    /// <summary>The key path the error is about (<c>weir.rotation.interval</c>), when there is one.</summary>
    public string? Path { get; }

    /// <summary>Where the offending text is (file and line), when known.</summary>
    public ConfigOrigin? Origin { get; }
}
