namespace Weir.Engine.Query;

/// <summary>How a query result is printed.</summary>
public enum OutputFormat
{
    /// <summary>Aligned columns with human units and percentages of the totals.</summary>
    Table,

    /// <summary>One JSON object: rows, totals, issues.</summary>
    Json,

    /// <summary>Comma-separated values with a header line; raw numbers.</summary>
    Csv,
}
