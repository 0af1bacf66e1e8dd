using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Weir.Engine.Flows;

/// <summary>Throws for the flow code, out of line so that the hot paths stay small enough to inline.</summary>
internal static class ThrowHelper
{
    /// <summary>A flow table cannot grow beyond its maximum array size.</summary>
    [DoesNotReturn]
    public static void ThrowTableFull() => throw CreateTableFull();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidOperationException CreateTableFull() =>
        new("The flow table cannot grow beyond 2^30 slots; rotate more often or split the interface.");
}
