using Weir.Engine.Flows;
using Weir.Engine.Storage;

namespace Weir.Engine.Query;

/// <summary>The answer to a <see cref="FlowQuery"/>, with what was read to get it and what was skipped as damaged.</summary>
public sealed class QueryResult
{
    internal QueryResult(FlowQuery query, IReadOnlyList<ResultRow> rows, FlowCounters totals, long groups, QueryStatistics statistics, IReadOnlyList<FlowDbIssue> issues)
    {
        Query = query;
        Rows = rows;
        Totals = totals;
        Groups = groups;
        Statistics = statistics;
        Issues = issues;
    }

    /// <summary>The query answered.</summary>
    public FlowQuery Query { get; }

    /// <summary>The top rows, in the query's order.</summary>
    public IReadOnlyList<ResultRow> Rows { get; }

    /// <summary>Sum over every flow that matched (not only the rows returned): the base of the percentages.</summary>
    public FlowCounters Totals { get; }

    /// <summary>Number of groups before the limit.</summary>
    public long Groups { get; }

    /// <summary>What the scan read and skipped.</summary>
    public QueryStatistics Statistics { get; }

    /// <summary>Damaged parts of the database that were skipped; the answer is partial when any.</summary>
    public IReadOnlyList<FlowDbIssue> Issues { get; }

    /// <summary>Whether damaged blocks or days were skipped.</summary>
    public bool IsPartial => Issues.Count > 0;
}
