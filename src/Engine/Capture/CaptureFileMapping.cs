using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Weir.Engine.Capture;

/// <summary>
/// A whole capture file mapped read-only into memory, so that frames are handed out as spans straight into the
/// page cache: no read system call and no copy per buffer. A reader of a 3.6 GB capture then touches only the
/// record headers and the few packet header bytes the parser reads, which is less work than <c>dd</c>'s copy.
/// Only regular (seekable) files are mapped; pipes and character devices keep the streaming
/// <see cref="CaptureFileBuffer"/>.
/// </summary>
/// <remarks>
/// The length is fixed when the file is mapped: records appended later are not seen (a streaming read would see
/// them), and a file truncated by another process while it is read faults the process, as with any mapping.
/// </remarks>
internal sealed unsafe partial class CaptureFileMapping : IDisposable
{
    private const int MadvSequential = 2;
    private const int MadvDontNeed = 4;

    private readonly FileStream _stream;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _pointer;

    private CaptureFileMapping(FileStream stream, MemoryMappedFile file, MemoryMappedViewAccessor view, long length)
    {
        _stream = stream;
        _file = file;
        _view = view;
        Length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            // Read-ahead in large sequential steps. Not MADV_WILLNEED: it would read the whole file ahead, however
            // large, and for a file in the page cache it costs a walk of all its pages for nothing. Nor are pages
            // populated ahead (MADV_POPULATE_READ): the kernel maps a page-cache folio of up to 2 MiB per fault,
            // and measured on a 3.6 GB capture the populating cost more system time than the faults it saved.
            // Advice only: a failure changes nothing.
            _ = Advise(pointer, (nuint)length, MadvSequential);
        }
    }

    /// <summary>The file's length when it was mapped.</summary>
    public long Length { get; }

    /// <summary>The first byte of the file.</summary>
    public byte* Pointer => _pointer;

    /// <summary>
    /// Maps <paramref name="stream"/> when it is a seekable file of at least <paramref name="minimumLength"/> bytes
    /// whose first four bytes satisfy <paramref name="accept"/>; on success the mapping owns the stream. Returns
    /// false (the stream untouched, still at offset 0) when the file cannot or should not be mapped.
    /// </summary>
    public static bool TryCreate(FileStream stream, int minimumLength, Func<uint, bool> accept, out CaptureFileMapping? mapping)
    {
        mapping = null;
        long length;
        try
        {
            if (!stream.CanSeek || (length = stream.Length) < minimumLength)
            {
                return false;
            }

            Span<byte> magic = stackalloc byte[4];
            if (RandomAccess.Read(stream.SafeFileHandle, magic, 0) < 4 || !accept(BinaryPrimitives.ReadUInt32LittleEndian(magic)))
            {
                return false;
            }
        }
        catch (IOException)
        {
            return false;
        }

        MemoryMappedFile? file = null;
        try
        {
            file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            MemoryMappedViewAccessor view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            mapping = new CaptureFileMapping(stream, file, view, length);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // Some file systems (procfs, some FUSE mounts) refuse mappings: read them as a stream instead.
            file?.Dispose();
            return false;
        }
    }

    /// <summary>
    /// Drops this process's page-table entries for [<paramref name="from"/>, <paramref name="to"/>) (rounded inward to
    /// pages); the pages stay in the page cache and fault back in if read again. A reader that is done with a range
    /// calls it so that the teardown of a multi-gigabyte mapping is spread over the readers' threads instead of
    /// falling on whoever unmaps the file at the end.
    /// </summary>
    public void Release(long from, long to)
    {
        long start = (from + 4095) & ~4095L;
        long end = to & ~4095L;
        if (end > start && OperatingSystem.IsLinux())
        {
            _ = Advise(_pointer + start, (nuint)(end - start), MadvDontNeed);
        }
    }

    /// <summary>Unmaps the file and closes it.</summary>
    public void Dispose()
    {
        if (_pointer != null)
        {
            _pointer = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
            _stream.Dispose();
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(void* address, nuint length, int advice);
}
