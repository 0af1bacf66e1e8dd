using BenchmarkDotNet.Running;

namespace Weir.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/Weir.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected on the command line.</summary>
    public static void Main(string[] args)
    {
        // Stopwatch measurements that are not BenchmarkDotNet benchmarks.
        if (args is ["actors-stall", ..])
        {
            Actors.RotationStallMeasurement.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
