namespace Weir.Engine.Storage;

/// <summary>Entry points of the flow database.</summary>
public static class FlowDb
{
    /// <summary>Opens the database at <paramref name="root"/> for reading (works while a writer appends).</summary>
    /// <exception cref="FlowDbException">The directory does not exist.</exception>
    public static FlowDbReader Open(string root) => new(root);

    /// <summary>Opens (creating if needed) the database at <paramref name="root"/> for writing.</summary>
    public static FlowDbWriter OpenWriter(string root, FlowDbWriterOptions? options = null) => new(root, options);
}
