using Weir.Engine.Capture;

namespace Weir.Host.Cli;

/// <summary>What the commands that read a capture file share: opening it with the CLI's errors, and where the read is.</summary>
internal static class CaptureFileCli
{
    /// <summary>
    /// Opens <paramref name="path"/>; on failure prints <c>weir: …</c> to <paramref name="error"/> (file and byte
    /// offset for a corrupt header) and returns null with <paramref name="exit"/> set to <see cref="ExitCodes.Failed"/>.
    /// </summary>
    public static ICaptureSource? Open(string path, TextWriter error, out int exit)
    {
        exit = ExitCodes.Success;
        try
        {
            return CaptureFile.Open(path);
        }
        catch (CaptureFileException e)
        {
            error.WriteLine("weir: " + e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"weir: cannot open capture file ({e.Message}): {path}");
        }

        exit = ExitCodes.Failed;
        return null;
    }

    /// <summary>Bytes of the file read so far, for progress (0 for sources that do not say).</summary>
    public static long Position(ICaptureSource source) => source switch
    {
        PcapFileReader pcap => pcap.Position,
        PcapNgFileReader pcapng => pcapng.Position,
        _ => 0,
    };
}
