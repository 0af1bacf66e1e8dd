using Weir.Engine.Flows;
using Weir.Engine.Storage;

namespace Weir.Engine.Query;

/// <summary>The answer to a <see cref="FlowQuery"/>, with what was read to get it and what was skipped as damaged.</summary>
public sealed class QueryResult
{
    internal QueryResult(FlowQuery query, IReadOnlyList<ResultRow> rows, FlowCounters totals, long groups, QueryStatistics statistics, IReadOnlyList<FlowDbIssue> issues,
        bool groupsExact = true, IReadOnlyList<FlowDbIssue>? warnings = null)
    {
        GroupsExact = groupsExact;
        Warnings = warnings ?? [];
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

    /// <summary>Number of groups before the limit; a lower bound when <see cref="GroupsExact"/> is false.</summary>
    public long Groups { get; }

    /// <summary>False when a top-N merge over roll-ups answered without visiting every group: the rows and totals
    /// are exact, <see cref="Groups"/> is then only a lower bound.</summary>
    public bool GroupsExact { get; }

    /// <summary>Problems that cost no data (a damaged roll-up, answered from the blocks instead).</summary>
    public IReadOnlyList<FlowDbIssue> Warnings { get; }

    /// <summary>What the scan read and skipped.</summary>
    public QueryStatistics Statistics { get; }

    /// <summary>Damaged parts of the database that were skipped; the answer is partial when any.</summary>
    public IReadOnlyList<FlowDbIssue> Issues { get; }

    /// <summary>Whether damaged blocks or days were skipped.</summary>
    public bool IsPartial => Issues.Count > 0;
}
