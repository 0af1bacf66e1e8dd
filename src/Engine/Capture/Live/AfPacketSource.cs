using System.Runtime.InteropServices;
using Weir.Engine.Capture.Live.Native;

namespace Weir.Engine.Capture.Live;

/// <summary>
/// An AF_PACKET socket with a TPACKET_V3 receive ring mapped into this process. Frames are handed out as spans
/// into the ring's blocks and each block goes back to the kernel once its frames are delivered: nothing is copied
/// and nothing is allocated per frame or per batch. The read path is in <c>AfPacketSource.Ring.cs</c>.
/// </summary>
public sealed unsafe partial class AfPacketSource : ILiveCaptureSource
{
    /// <summary>
    /// <c>tp_frame_size</c>: TPACKET_V3 packs variable-sized frames into blocks and uses this only to check the
    /// request, so any aligned value not above the block size does.
    /// </summary>
    private const int NominalFrameSize = 2048;

    private readonly LiveSourceLifecycle _life = new();
    private readonly int _fd;
    private readonly byte* _ring;
    private readonly nuint _ringLength;
    private readonly int _blockSize;
    private readonly int _blockCount;
    private readonly int _maxBlocksPerBatch;
    private readonly int _snapLength;
    private readonly int _pollTimeoutMs;
    private readonly LinkType _linkType;

    private int _currentBlock;
    private long _framesDelivered;
    private long _bytesDelivered;
    private long _kernelPackets;
    private long _kernelDrops;

    /// <summary>
    /// Opens a ring on <paramref name="interfaceName"/>. With <paramref name="fanoutArgument"/> (the
    /// <c>PACKET_FANOUT</c> argument: group id in the low 16 bits, type and flags above) the socket joins that
    /// fanout group; <see cref="LiveCapture.OpenFanout"/> builds it.
    /// </summary>
    /// <exception cref="InterfaceNotFoundException">No such interface.</exception>
    /// <exception cref="CapturePermissionException">No <c>CAP_NET_RAW</c>.</exception>
    /// <exception cref="InterfaceGoneException">The interface is down.</exception>
    /// <exception cref="BpfFilterException">The filter does not compile or the kernel refuses it.</exception>
    /// <exception cref="CaptureException">Another setup step failed; the message names it.</exception>
    public AfPacketSource(string interfaceName, LiveCaptureOptions options, int? fanoutArgument = null)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        InterfaceName = interfaceName;
        Name = interfaceName;
        InterfaceIndex = LiveErrors.ResolveIndex(interfaceName);
        _blockSize = options.BlockSize;
        _blockCount = options.BlockCount;
        _maxBlocksPerBatch = Math.Min(options.MaxBlocksPerBatch, options.BlockCount);
        _snapLength = options.SnapLength;
        _pollTimeoutMs = (int)Math.Min(int.MaxValue, options.PollTimeout.TotalMilliseconds);
        _fd = -1;

        try
        {
            // Protocol 0: the socket receives nothing until the final bind, so no frame from another interface or
            // from before the filter is attached can land in the ring.
            _fd = Libc.Socket(Libc.AfPacket, Libc.SockRaw | Libc.SockCloexec, 0);
            if (_fd < 0)
            {
                throw LiveErrors.FromErrno(interfaceName, "socket(AF_PACKET)");
            }

            Bind(0);
            _linkType = ReadLinkType();
            SetInt(Libc.SolPacket, Libc.PacketVersion, Libc.TpacketV3, "PACKET_VERSION TPACKET_V3");
            AttachFilter(options);
            _ring = MapRing(options, out _ringLength);
            if (options.Promiscuous)
            {
                EnablePromiscuous();
            }

            Bind(Libc.EthPAll);
            CheckUpAfterBind();
            if (fanoutArgument is int argument)
            {
                SetInt(Libc.SolPacket, Libc.PacketFanout, argument, "PACKET_FANOUT");
                FanoutGroupId = ReadFanoutGroupId();
            }

            _life.OpenWake(interfaceName);
        }
        catch
        {
            ReleaseNative();
            throw;
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string InterfaceName { get; }

    /// <inheritdoc />
    public int InterfaceIndex { get; }

    /// <inheritdoc />
    public LinkType LinkType => _linkType;

    /// <inheritdoc />
    public LiveSourceKind Kind => LiveSourceKind.AfPacket;

    /// <summary>The <c>PACKET_FANOUT</c> group this ring belongs to, or null when it has the interface to itself.</summary>
    public int? FanoutGroupId { get; }

    /// <summary>Bytes of ring memory mapped for this source.</summary>
    public long RingBytes => (long)_ringLength;

    /// <summary>
    /// Counters; the kernel's are read (and, since reading resets them, accumulated) on every call, so this is
    /// live. Safe from any thread.
    /// </summary>
    public CaptureSourceStats Stats
    {
        get
        {
            lock (_life.Gate)
            {
                if (!_life.IsDisposed)
                {
                    AccumulateKernelStatsUnsynchronized();
                }

                return new CaptureSourceStats(
                    Volatile.Read(ref _framesDelivered), Volatile.Read(ref _bytesDelivered), _kernelPackets, _kernelDrops);
            }
        }
    }

    /// <inheritdoc />
    public void Wake() => _life.Wake();

    /// <inheritdoc />
    public void Stop() => _life.Stop();

    /// <summary>Unmaps the ring and closes the socket (which also leaves promiscuous mode and the fanout group).</summary>
    public void Dispose()
    {
        lock (_life.Gate)
        {
            if (!_life.TryMarkDisposed())
            {
                return;
            }

            // The last reading of the kernel's counters, while the handle is still open.
            AccumulateKernelStatsUnsynchronized();
        }

        _life.EndWatch();
        ReleaseNative();
    }

    /// <inheritdoc />
    public override string ToString() => $"af_packet:{InterfaceName} ({_blockCount}×{_blockSize / 1024} KiB, {_linkType})";

    private void Bind(ushort protocol)
    {
        SockaddrLl address = default;
        address.Family = Libc.AfPacket;
        address.Protocol = Libc.Htons(protocol);
        address.InterfaceIndex = InterfaceIndex;
        if (Libc.Bind(_fd, &address, (uint)sizeof(SockaddrLl)) != 0)
        {
            throw LiveErrors.FromErrno(InterfaceName, "bind");
        }
    }

    private LinkType ReadLinkType()
    {
        // getsockname reports the bound device's ARPHRD type, and unlike /sys/class/net it answers for the
        // network namespace of this socket.
        SockaddrLl address = default;
        uint length = (uint)sizeof(SockaddrLl);
        if (Libc.GetSockName(_fd, &address, &length) != 0)
        {
            throw LiveErrors.FromErrno(InterfaceName, "getsockname");
        }

        return NetworkInterfaces.LinkTypeOf(address.HardwareType)
            ?? throw new CaptureException(
                $"interface '{InterfaceName}' has hardware type ARPHRD {address.HardwareType}, whose frames Weir does not decode; " +
                "capture it with source = pcap or on another interface");
    }

    private void AttachFilter(LiveCaptureOptions options)
    {
        BpfProgram? program = options.Filter is { } expression
            ? BpfCompiler.Compile(expression, _linkType, _snapLength)
            : null;

        // Without a filter, a one-instruction program still makes the kernel truncate to the snap length, so short
        // snap lengths pack more frames into each block.
        BpfInstruction accept = BpfInstruction.Accept(_snapLength);
        ReadOnlySpan<BpfInstruction> instructions = program is not null ? program.Instructions : new ReadOnlySpan<BpfInstruction>(in accept);
        if (program is null && _snapLength >= 65535)
        {
            return;
        }

        fixed (BpfInstruction* code = instructions)
        {
            var fprog = new SockFprog { Length = checked((ushort)instructions.Length), Filter = code };
            if (Libc.SetSockOpt(_fd, Libc.SolSocket, Libc.SoAttachFilter, &fprog, (uint)sizeof(SockFprog)) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (program is not null)
                {
                    throw new BpfFilterException(program.Expression, Libc.ErrorText(errno), fromKernel: true);
                }

                throw LiveErrors.FromErrno(InterfaceName, "SO_ATTACH_FILTER", errno);
            }
        }
    }

    private byte* MapRing(LiveCaptureOptions options, out nuint length)
    {
        var request = new TpacketReq3
        {
            BlockSize = (uint)options.BlockSize,
            BlockCount = (uint)options.BlockCount,
            FrameSize = NominalFrameSize,
            FrameCount = (uint)(options.BlockSize / NominalFrameSize * options.BlockCount),
            RetireBlockTimeoutMs = (uint)Math.Max(1, options.BlockTimeout.TotalMilliseconds),
        };
        if (Libc.SetSockOpt(_fd, Libc.SolPacket, Libc.PacketRxRing, &request, (uint)sizeof(TpacketReq3)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new CaptureException(
                $"cannot create a {options.BlockCount}×{options.BlockSize}-byte TPACKET_V3 ring on '{InterfaceName}': " +
                $"{Libc.ErrorText(errno)} (PACKET_RX_RING){(errno == Libc.Enomem ? "; lower block size or count" : "")}");
        }

        length = (nuint)options.BlockSize * (nuint)options.BlockCount;
        nint ring = Libc.Mmap(0, length, Libc.ProtRead | Libc.ProtWrite, Libc.MapShared, _fd, 0);
        if (ring == Libc.MapFailed)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new CaptureException(
                $"cannot map the {length}-byte ring of '{InterfaceName}': {Libc.ErrorText(errno)} (mmap); lower block size or count");
        }

        return (byte*)ring;
    }

    private void EnablePromiscuous()
    {
        var request = new PacketMreq { InterfaceIndex = InterfaceIndex, Type = Libc.PacketMrPromisc };
        if (Libc.SetSockOpt(_fd, Libc.SolPacket, Libc.PacketAddMembership, &request, (uint)sizeof(PacketMreq)) != 0)
        {
            throw LiveErrors.FromErrno(InterfaceName, "PACKET_ADD_MEMBERSHIP promiscuous");
        }
    }

    private void CheckUpAfterBind()
    {
        // Binding to a down interface succeeds but leaves ENETDOWN pending; report it now, as the error the capture
        // actor retries, rather than on the first poll.
        int error = ReadSocketError();
        if (error != 0)
        {
            throw LiveErrors.Gone(InterfaceName, InterfaceIndex, error, "at open");
        }
    }

    private int ReadSocketError()
    {
        int error = 0;
        uint length = sizeof(int);
        return Libc.GetSockOpt(_fd, Libc.SolSocket, Libc.SoError, &error, &length) == 0 ? error : 0;
    }

    private int ReadFanoutGroupId()
    {
        int value = 0;
        uint length = sizeof(int);
        if (Libc.GetSockOpt(_fd, Libc.SolPacket, Libc.PacketFanout, &value, &length) != 0)
        {
            throw LiveErrors.FromErrno(InterfaceName, "getsockopt PACKET_FANOUT");
        }

        return value & 0xffff;
    }

    private void SetInt(int level, int name, int value, string what)
    {
        if (Libc.SetSockOpt(_fd, level, name, &value, sizeof(int)) != 0)
        {
            throw LiveErrors.FromErrno(InterfaceName, what);
        }
    }

    private void AccumulateKernelStatsUnsynchronized()
    {
        TpacketStatsV3 stats = default;
        uint length = (uint)sizeof(TpacketStatsV3);
        if (Libc.GetSockOpt(_fd, Libc.SolPacket, Libc.PacketStatistics, &stats, &length) == 0)
        {
            _kernelPackets += stats.Packets;
            _kernelDrops += stats.Drops;
        }
    }

    private void ReleaseNative()
    {
        if (_ring is not null)
        {
            _ = Libc.Munmap((nint)_ring, _ringLength);
        }

        if (_fd >= 0)
        {
            _ = Libc.Close(_fd);
        }

        _life.CloseWake();
    }
}
