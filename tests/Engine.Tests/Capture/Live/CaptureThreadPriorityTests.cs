using Weir.Engine.Capture.Live;

namespace Weir.Engine.Tests.Capture.Live;

/// <summary>The nice value a capture thread sets on itself (Linux: per thread).</summary>
public class CaptureThreadPriorityTests
{
    /// <summary>Runs <paramref name="body"/> on a thread of its own, so the test thread's priority is left alone.</summary>
    private static T OnNewThread<T>(Func<T> body)
    {
        T result = default!;
        var thread = new Thread(() => result = body());
        thread.Start();
        thread.Join();
        return result;
    }

    [Fact]
    public void TrySet_HigherNice_AppliesToTheCallingThreadOnly()
    {
        // Raising one's nice value needs no privilege, so this holds for any user.
        (string? error, int? niceThere) = OnNewThread(() => (CaptureThreadPriority.TrySet(5), CaptureThreadPriority.Current()));

        Assert.Null(error);
        Assert.Equal(5, niceThere);
        Assert.NotEqual(5, CaptureThreadPriority.Current());
    }

    [Fact]
    public void TrySet_Zero_LeavesTheThreadAsItIs()
    {
        (string? error, int? before, int? after) = OnNewThread(() =>
        {
            int? before = CaptureThreadPriority.Current();
            return (CaptureThreadPriority.TrySet(0), before, CaptureThreadPriority.Current());
        });

        Assert.Null(error);
        Assert.Equal(before, after);
    }

    [Fact]
    public void TrySet_Negative_EitherAppliesOrSaysWhy()
    {
        // Root (or CAP_SYS_NICE) may lower the value; anyone else gets the reason, and the thread keeps its priority.
        (string? error, int? before, int? after) = OnNewThread(() =>
        {
            int? before = CaptureThreadPriority.Current();
            return (CaptureThreadPriority.TrySet(-5), before, CaptureThreadPriority.Current());
        });

        if (error is null)
        {
            Assert.Equal(-5, after);
        }
        else
        {
            Assert.Contains("CAP_SYS_NICE", error, StringComparison.Ordinal);
            Assert.Equal(before, after);
        }
    }

    [Theory]
    [InlineData(-21)]
    [InlineData(20)]
    public void TrySet_OutOfRange_Throws(int nice) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CaptureThreadPriority.TrySet(nice));
}
