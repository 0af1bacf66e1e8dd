using System.Runtime.InteropServices;
using Weir.Engine.Capture.Live.Native;

namespace Weir.Engine.Capture.Live;

/// <summary>
/// Sets the nice value of the calling thread (Linux: nice is per thread, <c>setpriority(PRIO_PROCESS, gettid(), nice)</c>).
/// A capture thread runs at <c>weir.capture.thread-nice</c> so that, when the cores are short (writeout
/// compressing, code being compiled), the scheduler hands them to the capture thread first: on a two-core host
/// the capture thread at nice 0 was descheduled for 3–5 ms in most rotation windows with the real writer, at
/// nice -10 mostly not (docs/benchmarks/actors.md, 2026-12-02). Used by the capture actors of <c>Weir.Actors</c>.
/// </summary>
public static class CaptureThreadPriority
{
    /// <summary>
    /// Sets the calling thread's nice value to <paramref name="nice"/> (-20..19); 0 leaves the thread as it is.
    /// Returns null when done (or nothing to do), else why not: a negative value needs <c>CAP_SYS_NICE</c>
    /// (root, or an <c>RLIMIT_NICE</c> that allows it), and other systems than Linux are not supported. The
    /// thread then keeps running at its present priority: capture works, only less well on a loaded host.
    /// </summary>
    public static string? TrySet(int nice)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nice, -20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, 19);
        if (nice == 0)
        {
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            return "thread priorities are set on Linux only";
        }

        try
        {
            if (Libc.SetPriority(Libc.PrioProcess, Libc.GetTid(), nice) == 0)
            {
                return null;
            }

            int errno = Marshal.GetLastPInvokeError();
            return $"setpriority({nice}) failed: {Libc.ErrorText(errno)} (a negative nice value needs CAP_SYS_NICE)";
        }
        catch (EntryPointNotFoundException e)
        {
            // A libc without gettid (glibc before 2.30).
            return e.Message;
        }
    }

    /// <summary>The calling thread's nice value (for tests), or null where it cannot be read.</summary>
    internal static int? Current()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // /proc/thread-self/stat: the 19th field is the nice value; the command name (2nd) may hold spaces, so count after its ')'.
        string stat = File.ReadAllText("/proc/thread-self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
