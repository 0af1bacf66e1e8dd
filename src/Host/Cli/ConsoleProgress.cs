using System.Diagnostics;
using System.Globalization;

namespace Weir.Host.Cli;

/// <summary>
/// A one-line progress display on stderr for long reads (percent, packets, rate), shown only when stderr is a
/// terminal and the input is large, so <c>weir … --format json | jq</c> and logs stay clean.
/// </summary>
internal sealed class ConsoleProgress : IDisposable
{
    private const long MinimumFileSize = 64L << 20;
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(250);
    private readonly string _label;
    private readonly long _total;
    private readonly bool _enabled;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastDraw;
    private bool _drawn;

    private ConsoleProgress(string label, long total, bool enabled)
    {
        _label = label;
        _total = total;
        _enabled = enabled;
    }

    /// <summary>A progress display for reading <paramref name="path"/> (silent for small files or a redirected stderr).</summary>
    public static ConsoleProgress ForFile(string path)
    {
        long size = 0;
        try
        {
            size = new FileInfo(path).Length;
        }
        catch (IOException)
        {
        }

        return new ConsoleProgress(Path.GetFileName(path), size, size >= MinimumFileSize && !Console.IsErrorRedirected);
    }

    /// <summary>Redraws at most four times a second: <paramref name="packets"/> read so far, <paramref name="position"/> bytes into the input.</summary>
    public void Report(long packets, long position)
    {
        if (!_enabled || _clock.Elapsed - _lastDraw < s_interval)
        {
            return;
        }

        _lastDraw = _clock.Elapsed;
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        double percent = _total > 0 ? Math.Min(100.0, 100.0 * position / _total) : 0;
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{_label}: {percent,5:F1}%  {packets:N0} packets  {packets / seconds / 1e6:F2} Mpkt/s  {position / seconds / 1e6:F0} MB/s   "));
        _drawn = true;
    }

    /// <summary>Clears the line so what follows starts clean.</summary>
    public void Dispose()
    {
        if (_drawn)
        {
            Console.Error.Write("\r" + new string(' ', 100) + "\r");
        }
    }
}
