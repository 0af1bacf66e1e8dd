using System.Runtime.InteropServices;

namespace Weir.Engine.Storage;

/// <summary>Crash-safe file primitives: write-then-rename with fsync of the file and its directory.</summary>
internal static partial class DurableFile
{
    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000; // Linux x86-64 and arm64

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/> atomically: a reader sees the old file or
    /// the new one, never a mix, and after return the new one survives a power cut.
    /// </summary>
    public static void WriteAtomic(string path, ReadOnlySpan<byte> content)
    {
        string temp = path + FlowDbLayout.TempSuffix;
        try
        {
            using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None))
            {
                fs.Write(content);
                fs.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        SyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Makes a directory's entries (created, renamed, removed files) durable.</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = Open(directory, ORdOnly | ODirectory);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Creates a directory and makes its entry in the parent durable.</summary>
    public static void CreateDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        string? parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory));
        if (parent is not null)
        {
            SyncDirectory(parent);
        }
    }

    /// <summary>Deletes a file, ignoring a missing one.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Whether an exception is the operating system reporting a full disk or exhausted quota.</summary>
    public static bool IsDiskFull(IOException e) =>
        e.HResult is 28 or 122 or unchecked((int)0x80070070) ||
        e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) ||
        e.Message.Contains("quota", StringComparison.OrdinalIgnoreCase);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
