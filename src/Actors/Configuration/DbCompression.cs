namespace Weir.Actors.Configuration;

/// <summary><c>weir.db.compression</c>: how the flow database compresses its columns.</summary>
public enum DbCompression
{
    /// <summary>The best codec available.</summary>
    Auto,

    /// <summary>No compression.</summary>
    None,

    /// <summary>Deflate (BCL).</summary>
    Deflate,

    /// <summary>Brotli (BCL).</summary>
    Brotli,
}
