using System.Runtime.InteropServices;

namespace Weir.Engine.Capture.Live.Native;

/// <summary>
/// libpcap's entry points, resolved at run time with <see cref="NativeLibrary.TryLoad(string, out nint)"/> so a
/// machine without libpcap still captures through AF_PACKET and only the calls that need libpcap fail, with a
/// message that says which package to install.
/// </summary>
internal sealed unsafe class Libpcap
{
    /// <summary>The Debian package that ships the library.</summary>
    public const string DebianPackage = "libpcap0.8";

    /// <summary><c>PCAP_ERRBUF_SIZE</c>.</summary>
    public const int ErrorBufferSize = 256;

    /// <summary><c>PCAP_NETMASK_UNKNOWN</c>.</summary>
    public const uint NetmaskUnknown = 0xffffffff;

    public const int ErrorBreak = -2;
    public const int ErrorNoSuchDevice = -5;
    public const int ErrorPermissionDenied = -8;
    public const int ErrorInterfaceNotUp = -9;
    public const int TimestampPrecisionNano = 1;

    private static readonly string[] s_names = ["libpcap.so.0.8", "libpcap.so.1", "libpcap.so"];
    private static readonly Lock s_loadLock = new();
    private static Libpcap? s_instance;
    private static string? s_loadError;

    public readonly delegate* unmanaged<int, int, nint> OpenDead;
    public readonly delegate* unmanaged<nint, BpfProgramNative*, byte*, int, uint, int> Compile;
    public readonly delegate* unmanaged<BpfProgramNative*, void> FreeCode;
    public readonly delegate* unmanaged<nint, byte*> GetError;
    public readonly delegate* unmanaged<nint, void> Close;
    public readonly delegate* unmanaged<byte*, byte*, nint> Create;
    public readonly delegate* unmanaged<nint, int, int> SetSnapLength;
    public readonly delegate* unmanaged<nint, int, int> SetPromiscuous;
    public readonly delegate* unmanaged<nint, int, int> SetTimeout;
    public readonly delegate* unmanaged<nint, int, int> SetImmediateMode;
    public readonly delegate* unmanaged<nint, int, int> SetBufferSize;
    public readonly delegate* unmanaged<nint, int, int> SetTimestampPrecision;
    public readonly delegate* unmanaged<nint, int> Activate;
    public readonly delegate* unmanaged<nint, int, byte*, int> SetNonBlock;
    public readonly delegate* unmanaged<nint, BpfProgramNative*, int> SetFilter;
    public readonly delegate* unmanaged<nint, int, delegate* unmanaged<byte*, PcapPacketHeader*, byte*, void>, byte*, int> Dispatch;
    public readonly delegate* unmanaged<nint, PcapStat*, int> GetStats;
    public readonly delegate* unmanaged<nint, void> BreakLoop;
    public readonly delegate* unmanaged<nint, int> GetSelectableFd;
    public readonly delegate* unmanaged<nint, int> DataLink;
    public readonly delegate* unmanaged<int, byte*> StatusToString;

    private Libpcap(nint handle)
    {
        OpenDead = (delegate* unmanaged<int, int, nint>)Export(handle, "pcap_open_dead");
        Compile = (delegate* unmanaged<nint, BpfProgramNative*, byte*, int, uint, int>)Export(handle, "pcap_compile");
        FreeCode = (delegate* unmanaged<BpfProgramNative*, void>)Export(handle, "pcap_freecode");
        GetError = (delegate* unmanaged<nint, byte*>)Export(handle, "pcap_geterr");
        Close = (delegate* unmanaged<nint, void>)Export(handle, "pcap_close");
        Create = (delegate* unmanaged<byte*, byte*, nint>)Export(handle, "pcap_create");
        SetSnapLength = (delegate* unmanaged<nint, int, int>)Export(handle, "pcap_set_snaplen");
        SetPromiscuous = (delegate* unmanaged<nint, int, int>)Export(handle, "pcap_set_promisc");
        SetTimeout = (delegate* unmanaged<nint, int, int>)Export(handle, "pcap_set_timeout");
        SetImmediateMode = (delegate* unmanaged<nint, int, int>)Export(handle, "pcap_set_immediate_mode");
        SetBufferSize = (delegate* unmanaged<nint, int, int>)Export(handle, "pcap_set_buffer_size");
        SetTimestampPrecision = (delegate* unmanaged<nint, int, int>)Export(handle, "pcap_set_tstamp_precision");
        Activate = (delegate* unmanaged<nint, int>)Export(handle, "pcap_activate");
        SetNonBlock = (delegate* unmanaged<nint, int, byte*, int>)Export(handle, "pcap_setnonblock");
        SetFilter = (delegate* unmanaged<nint, BpfProgramNative*, int>)Export(handle, "pcap_setfilter");
        Dispatch = (delegate* unmanaged<nint, int, delegate* unmanaged<byte*, PcapPacketHeader*, byte*, void>, byte*, int>)Export(handle, "pcap_dispatch");
        GetStats = (delegate* unmanaged<nint, PcapStat*, int>)Export(handle, "pcap_stats");
        BreakLoop = (delegate* unmanaged<nint, void>)Export(handle, "pcap_breakloop");
        GetSelectableFd = (delegate* unmanaged<nint, int>)Export(handle, "pcap_get_selectable_fd");
        DataLink = (delegate* unmanaged<nint, int>)Export(handle, "pcap_datalink");
        StatusToString = (delegate* unmanaged<int, byte*>)Export(handle, "pcap_statustostr");
    }

    /// <summary>Whether libpcap can be loaded on this machine.</summary>
    public static bool IsAvailable => TryGet(out _, out _);

    /// <summary>Loads libpcap once; false (with the reason) when it is not installed or lacks an entry point.</summary>
    public static bool TryGet(out Libpcap? library, out string? error)
    {
        lock (s_loadLock)
        {
            if (s_instance is null && s_loadError is null)
            {
                Load();
            }

            library = s_instance;
            error = s_loadError;
            return library is not null;
        }
    }

    /// <summary>The loaded library, or a <see cref="LibpcapUnavailableException"/> saying what needed it.</summary>
    public static Libpcap Require(string purpose)
    {
        if (TryGet(out Libpcap? library, out string? error))
        {
            return library!;
        }

        throw new LibpcapUnavailableException(
            $"{purpose} needs libpcap, which could not be loaded ({error}); install the Debian package {DebianPackage}");
    }

    /// <summary>libpcap's message for the last error on <paramref name="pcap"/>.</summary>
    public string LastError(nint pcap) => Marshal.PtrToStringUTF8((nint)GetError(pcap)) ?? "unknown libpcap error";

    /// <summary>libpcap's text for a status code returned by <c>pcap_activate</c>.</summary>
    public string StatusText(int status) => Marshal.PtrToStringUTF8((nint)StatusToString(status)) ?? $"status {status}";

    /// <summary>
    /// Makes libpcap look absent until the result is disposed, so tests can check that capture works without it
    /// and that what needs it fails with the install hint. Tests using it must not run in parallel with others.
    /// </summary>
    internal static IDisposable SimulateMissingForTesting()
    {
        lock (s_loadLock)
        {
            var restore = new Restore(s_instance, s_loadError);
            s_instance = null;
            s_loadError = "simulated: libpcap.so.0.8 not found";
            return restore;
        }
    }

    private static void Load()
    {
        foreach (string name in s_names)
        {
            if (!NativeLibrary.TryLoad(name, out nint handle))
            {
                continue;
            }

            try
            {
                s_instance = new Libpcap(handle);
                return;
            }
            catch (EntryPointNotFoundException e)
            {
                s_loadError = $"{name}: {e.Message}";
                return;
            }
        }

        s_loadError = $"none of {string.Join(", ", s_names)} found";
    }

    private static nint Export(nint handle, string name) => NativeLibrary.GetExport(handle, name);

    private sealed class Restore(Libpcap? instance, string? error) : IDisposable
    {
        public void Dispose()
        {
            lock (s_loadLock)
            {
                s_instance = instance;
                s_loadError = error;
            }
        }
    }
}
