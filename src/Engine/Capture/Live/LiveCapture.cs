using Weir.Engine.Capture.Live.Native;

namespace Weir.Engine.Capture.Live;

/// <summary>Opens live captures on Linux interfaces: AF_PACKET TPACKET_V3 rings, or libpcap as the fallback.</summary>
public static class LiveCapture
{
    /// <summary>Most rings one interface may be spread over.</summary>
    public const int MaxFanout = 64;

    /// <summary>
    /// Opens <paramref name="interfaceName"/> with the kernel interface <see cref="LiveCaptureOptions.Source"/>
    /// names. <see cref="LiveSourceKind.Auto"/> tries AF_PACKET and falls back to libpcap when the ring cannot be
    /// set up (but not when the interface is missing or down, permission is lacking or the filter is bad: libpcap
    /// would fail the same way).
    /// </summary>
    /// <exception cref="InterfaceNotFoundException">No such interface; the message lists some that exist.</exception>
    /// <exception cref="CapturePermissionException">Capturing needs <c>CAP_NET_RAW</c> or root.</exception>
    /// <exception cref="InterfaceGoneException">The interface is down.</exception>
    /// <exception cref="BpfFilterException">The filter does not compile.</exception>
    /// <exception cref="LibpcapUnavailableException">A filter or the libpcap source was asked for without libpcap installed.</exception>
    /// <exception cref="CaptureException">Anything else that failed; the message names the step.</exception>
    public static ILiveCaptureSource Open(string interfaceName, LiveCaptureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        options ??= LiveCaptureOptions.Default;
        options.Validate();
        switch (options.Source)
        {
            case LiveSourceKind.AfPacket:
                return new AfPacketSource(interfaceName, options);
            case LiveSourceKind.Pcap:
                return new PcapLiveSource(interfaceName, options);
            default:
                try
                {
                    return new AfPacketSource(interfaceName, options);
                }
                catch (CaptureException e) when (IsWorthFallingBack(e) && Libpcap.IsAvailable)
                {
                    try
                    {
                        return new PcapLiveSource(interfaceName, options);
                    }
                    catch (CaptureException pcapError)
                    {
                        throw new CaptureException($"{e.Message}; the libpcap fallback failed too: {pcapError.Message}", e);
                    }
                }
        }
    }

    /// <summary>
    /// Opens <paramref name="count"/> AF_PACKET rings on one interface in one <c>PACKET_FANOUT</c> group, so each
    /// packet goes to exactly one of them (by flow hash or receiving CPU, <see cref="LiveCaptureOptions.FanoutMode"/>)
    /// and each can be read by its own thread. The group id is <see cref="LiveCaptureOptions.FanoutGroupId"/> or,
    /// when null, one the kernel picks unique.
    /// </summary>
    /// <exception cref="CaptureException">As for <see cref="Open"/>; rings already opened are closed again.</exception>
    public static IReadOnlyList<AfPacketSource> OpenFanout(string interfaceName, int count, LiveCaptureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxFanout);
        options ??= LiveCaptureOptions.Default;
        options.Validate();

        int type = options.FanoutMode == FanoutMode.Cpu ? Libc.PacketFanoutCpu : Libc.PacketFanoutHash | Libc.PacketFanoutFlagDefrag;
        var sources = new List<AfPacketSource>(count);
        try
        {
            int? groupId = options.FanoutGroupId;
            for (int i = 0; i < count; i++)
            {
                // The first ring asks the kernel for an unused id (unless one is configured); the rest join it.
                int argument = groupId is int id
                    ? id | (type << 16)
                    : (type | Libc.PacketFanoutFlagUniqueId) << 16;
                var source = new AfPacketSource(interfaceName, options, argument);
                sources.Add(source);
                groupId = source.FanoutGroupId;
            }

            return sources;
        }
        catch
        {
            foreach (AfPacketSource source in sources)
            {
                source.Dispose();
            }

            throw;
        }
    }

    private static bool IsWorthFallingBack(CaptureException e) =>
        e is not (InterfaceNotFoundException or CapturePermissionException or InterfaceGoneException or BpfFilterException or LibpcapUnavailableException);
}
