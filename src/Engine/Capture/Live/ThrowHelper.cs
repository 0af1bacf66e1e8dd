using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Weir.Engine.Capture.Live;

/// <summary>Throws for the read paths, kept out of line so the loops stay small.</summary>
internal static class ThrowHelper
{
    /// <summary>Throws the capture exception for a failed system call.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowCapture(string interfaceName, string step, int errno) =>
        throw LiveErrors.FromErrno(interfaceName, step, errno);
}
