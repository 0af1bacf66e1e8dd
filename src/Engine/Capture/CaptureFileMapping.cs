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
    private const int MadvWillNeed = 3;
    private const int MadvPopulateRead = 22;

    /// <summary>How far ahead of the reader <see cref="PrefaultAhead"/> maps pages in one call.</summary>
    public const long PrefaultChunk = 16 << 20;

    private readonly FileStream _stream;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _pointer;

    /// <summary>Offset below which page-table entries have been populated.</summary>
    private long _prefaulted;

    /// <summary>Whether MADV_POPULATE_READ works here (Linux 5.14 and later).</summary>
    private bool _canPrefault = OperatingSystem.IsLinux();

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
            // Read-ahead in large sequential steps, and start it now. Advice only: a failure changes nothing.
            _ = Advise(pointer, (nuint)length, MadvSequential);
            _ = Advise(pointer, (nuint)length, MadvWillNeed);
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
    /// Makes sure the pages from <paramref name="position"/> to a chunk beyond it are mapped, in one call per
    /// <see cref="PrefaultChunk"/>, so that the reader does not take a page fault every 64 KiB (the kernel's
    /// fault-around) for pages that are already in the page cache. Returns the offset the reader may go to
    /// before calling again.
    /// </summary>
    public long PrefaultAhead(long position)
    {
        if (!_canPrefault || position < _prefaulted - (PrefaultChunk / 2))
        {
            return _canPrefault ? _prefaulted - (PrefaultChunk / 2) : long.MaxValue;
        }

        long from = Math.Max(_prefaulted, position) & ~4095L;
        long to = Math.Min(Length, from + PrefaultChunk);
        if (to > from && Advise(_pointer + from, (nuint)(to - from), MadvPopulateRead) != 0)
        {
            // An older kernel (EINVAL) or an I/O error: plain faults will do, and report any error themselves.
            _canPrefault = false;
            return long.MaxValue;
        }

        _prefaulted = to;
        return to >= Length ? long.MaxValue : to - (PrefaultChunk / 2);
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
