using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary>
/// The libc calls and Linux constants the AF_PACKET ring needs. Values are the x86-64 / arm64 Linux ABI ones
/// (<c>linux/if_packet.h</c>, <c>linux/if_ether.h</c>, <c>asm-generic/socket.h</c>, <c>sys/eventfd.h</c>).
/// </summary>
internal static unsafe partial class Libc
{
    private const string LibraryName = "libc";

    public const int AfPacket = 17;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const ushort EthPAll = 0x0003;

    public const int SolSocket = 1;
    public const int SoError = 4;
    public const int SoRcvbuf = 8;
    public const int SoAttachFilter = 26;
    public const int SoDetachFilter = 27;

    public const int SolPacket = 263;
    public const int PacketAddMembership = 1;
    public const int PacketRxRing = 5;
    public const int PacketStatistics = 6;
    public const int PacketVersion = 10;
    public const int PacketFanout = 18;
    public const int PacketMrPromisc = 1;
    public const int TpacketV3 = 2;

    public const int PacketHost = 0;
    public const int PacketOutgoing = 4;

    public const int PacketFanoutHash = 0;
    public const int PacketFanoutCpu = 2;
    public const int PacketFanoutFlagUniqueId = 0x2000;
    public const int PacketFanoutFlagDefrag = 0x8000;

    public const uint TpStatusKernel = 0;
    public const uint TpStatusUser = 1;

    public const int ProtRead = 0x1;
    public const int ProtWrite = 0x2;
    public const int MapShared = 0x01;
    public const int MapLocked = 0x2000;
    public static readonly nint MapFailed = -1;

    public const short PollIn = 0x001;
    public const short PollErr = 0x008;
    public const short PollHup = 0x010;
    public const short PollNval = 0x020;

    public const int EfdCloexec = 0x80000;
    public const int EfdNonblock = 0x800;

    public const int Eperm = 1;
    public const int Enoent = 2;
    public const int Eintr = 4;
    public const int Enxio = 6;
    public const int Eagain = 11;
    public const int Enomem = 12;
    public const int Eacces = 13;
    public const int Enodev = 19;
    public const int Einval = 22;
    public const int Enetdown = 100;

    [LibraryImport(LibraryName, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(LibraryName, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport(LibraryName, EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, void* value, uint* length);

    [LibraryImport(LibraryName, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, SockaddrLl* address, uint length);

    [LibraryImport(LibraryName, EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, SockaddrLl* address, uint* length);

    [LibraryImport(LibraryName, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(LibraryName, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport(LibraryName, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(LibraryName, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(LibraryName, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(LibraryName, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport(LibraryName, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport(LibraryName, EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint IfNameToIndex(string name);

    public const int PrioProcess = 0;

    [LibraryImport(LibraryName, EntryPoint = "setpriority", SetLastError = true)]
    public static partial int SetPriority(int which, int who, int nice);

    [LibraryImport(LibraryName, EntryPoint = "gettid")]
    public static partial int GetTid();

    [LibraryImport(LibraryName, EntryPoint = "strerror")]
    private static partial nint StrError(int errno);

    /// <summary>The C library's text for <paramref name="errno"/>, e.g. "Operation not permitted".</summary>
    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(StrError(errno)) ?? $"errno {errno}";

    /// <summary>Host-to-network order for a 16-bit value (the AF_PACKET protocol field).</summary>
    public static ushort Htons(ushort value) => BitConverter.IsLittleEndian ? (ushort)((value >> 8) | (value << 8)) : value;
}
