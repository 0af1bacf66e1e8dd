using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using Weir.Engine.Capture.Live.Native;

namespace Weir.Engine.Capture.Live;

/// <summary>
/// A libpcap live handle: the fallback when an AF_PACKET ring cannot be used. The handle is non-blocking and this
/// source polls its selectable descriptor together with a wake-up eventfd, so <see cref="Wake"/>, <see cref="Stop"/>
/// and cancellation interrupt a wait promptly. libpcap does not report direction: frames carry
/// <see cref="PacketDirection.Unknown"/>.
/// </summary>
public sealed unsafe class PcapLiveSource : ILiveCaptureSource
{
    private const int DltRaw = 12;

    [ThreadStatic]
    private static ExceptionDispatchInfo? t_handlerError;

    private static readonly Action<object?> s_wakeCallback = static state => ((PcapLiveSource)state!).Wake();

    private readonly Libpcap _pcap;
    private readonly LiveSourceLifecycle _life = new();
    private readonly nint _handle;
    private readonly int _selectableFd;
    private readonly int _pollTimeoutMs;
    private readonly LinkType _linkType;
    private readonly bool _nanoseconds;

    private long _framesDelivered;
    private long _bytesDelivered;
    private long _kernelReceived;
    private long _kernelDropped;

    /// <summary>Opens and activates a libpcap handle on <paramref name="interfaceName"/>.</summary>
    /// <exception cref="LibpcapUnavailableException">libpcap is not installed.</exception>
    /// <exception cref="InterfaceNotFoundException">No such interface.</exception>
    /// <exception cref="CapturePermissionException">No <c>CAP_NET_RAW</c>.</exception>
    /// <exception cref="InterfaceGoneException">The interface is down.</exception>
    /// <exception cref="BpfFilterException">The filter does not compile.</exception>
    /// <exception cref="CaptureException">libpcap failed otherwise; the message is libpcap's.</exception>
    public PcapLiveSource(string interfaceName, LiveCaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _pcap = Libpcap.Require($"libpcap capture on '{interfaceName}'");
        InterfaceName = interfaceName;
        Name = interfaceName;
        InterfaceIndex = LiveErrors.ResolveIndex(interfaceName);
        _pollTimeoutMs = (int)Math.Min(int.MaxValue, options.PollTimeout.TotalMilliseconds);

        byte* errorBuffer = stackalloc byte[Libpcap.ErrorBufferSize];
        errorBuffer[0] = 0;
        byte[] name = Encoding.UTF8.GetBytes(interfaceName + "\0");
        fixed (byte* namePtr = name)
        {
            _handle = _pcap.Create(namePtr, errorBuffer);
        }

        if (_handle == 0)
        {
            throw new CaptureException($"libpcap cannot open '{interfaceName}': {Marshal.PtrToStringUTF8((nint)errorBuffer)}");
        }

        try
        {
            _ = _pcap.SetSnapLength(_handle, options.SnapLength);
            _ = _pcap.SetPromiscuous(_handle, options.Promiscuous ? 1 : 0);
            _ = _pcap.SetTimeout(_handle, (int)Math.Max(1, options.BlockTimeout.TotalMilliseconds));
            _ = _pcap.SetBufferSize(_handle, options.BlockSize * options.BlockCount);
            _nanoseconds = _pcap.SetTimestampPrecision(_handle, Libpcap.TimestampPrecisionNano) == 0;
            int status = _pcap.Activate(_handle);
            if (status < 0)
            {
                throw ActivationError(status);
            }

            int dlt = _pcap.DataLink(_handle);
            _linkType = dlt == DltRaw ? LinkType.Raw : (LinkType)dlt;
            if (options.Filter is { } expression)
            {
                SetFilter(BpfCompiler.Compile(expression, _linkType, options.SnapLength));
            }

            if (_pcap.SetNonBlock(_handle, 1, errorBuffer) != 0)
            {
                throw new CaptureException($"libpcap cannot make '{interfaceName}' non-blocking: {Marshal.PtrToStringUTF8((nint)errorBuffer)}");
            }

            _selectableFd = _pcap.GetSelectableFd(_handle);
            if (_selectableFd < 0)
            {
                throw new CaptureException($"libpcap has no selectable descriptor for '{interfaceName}'");
            }

            _life.OpenWake(interfaceName);
        }
        catch
        {
            _pcap.Close(_handle);
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
    public LiveSourceKind Kind => LiveSourceKind.Pcap;

    /// <summary>Counters; libpcap's receive and drop counts are read on every call. Safe from any thread.</summary>
    public CaptureSourceStats Stats
    {
        get
        {
            lock (_life.Gate)
            {
                if (!_life.IsDisposed)
                {
                    ReadKernelStatsUnsynchronized();
                }

                return new CaptureSourceStats(_framesDelivered, _bytesDelivered, _kernelReceived, _kernelDropped);
            }
        }
    }

    /// <summary>
    /// Delivers the frames libpcap has ready, waiting up to the poll timeout when it has none. Returns 0 on
    /// timeout, wake-up or cancellation, -1 once stopped.
    /// </summary>
    /// <exception cref="InterfaceGoneException">The interface went down or was deleted.</exception>
    /// <exception cref="CaptureException">libpcap failed otherwise.</exception>
    public int ReadBatch<THandler>(ref THandler handler, CancellationToken cancellationToken)
        where THandler : struct, IFrameHandler
    {
        ObjectDisposedException.ThrowIf(_life.IsDisposed, this);
        if (_life.IsStopped)
        {
            return -1;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }

        int delivered = Dispatch(ref handler);
        if (delivered > 0)
        {
            return delivered;
        }

        _life.WatchCancellation(cancellationToken, s_wakeCallback, this);
        PollFd* fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = _selectableFd, Events = Libc.PollIn };
        fds[1] = new PollFd { Fd = _life.WakeFd, Events = Libc.PollIn };
        int ready = Libc.Poll(fds, 2, _pollTimeoutMs);
        if (ready < 0 && Marshal.GetLastPInvokeError() is int errno && errno != Libc.Eintr)
        {
            ThrowHelper.ThrowCapture(InterfaceName, "poll", errno);
        }

        if ((fds[1].ReturnedEvents & Libc.PollIn) != 0)
        {
            _life.DrainWake();
        }

        if (_life.IsStopped)
        {
            return -1;
        }

        if (ready == 0 && Libc.IfNameToIndex(InterfaceName) != (uint)InterfaceIndex)
        {
            throw LiveErrors.Gone(InterfaceName, InterfaceIndex, Libc.Enodev, "index no longer present");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }

        delivered = Dispatch(ref handler);
        if (delivered == 0 && (fds[0].ReturnedEvents & (Libc.PollErr | Libc.PollHup | Libc.PollNval)) != 0)
        {
            // A non-blocking libpcap handle does not look at the socket error itself; without this a down
            // interface would leave POLLERR pending and the loop spinning. Frames still in the ring were delivered
            // by the dispatch above (the error stays pending until read).
            ThrowSocketError(fds[0].ReturnedEvents);
        }

        return delivered;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowSocketError(short events)
    {
        int error = 0;
        uint length = sizeof(int);
        _ = Libc.GetSockOpt(_selectableFd, Libc.SolSocket, Libc.SoError, &error, &length);
        if (error is 0 or Libc.Enetdown or Libc.Enxio or Libc.Enodev)
        {
            throw LiveErrors.Gone(InterfaceName, InterfaceIndex, error, $"poll events 0x{events:x}");
        }

        throw new CaptureException($"libpcap capture on '{InterfaceName}' failed: {Libc.ErrorText(error)} (poll events 0x{events:x})");
    }

    /// <inheritdoc />
    public void Wake() => _life.Wake();

    /// <inheritdoc />
    public void Stop() => _life.Stop();

    /// <summary>Closes the libpcap handle.</summary>
    public void Dispose()
    {
        lock (_life.Gate)
        {
            if (!_life.TryMarkDisposed())
            {
                return;
            }

            // The last reading of the kernel's counters, while the handle is still open.
            ReadKernelStatsUnsynchronized();
        }

        _life.EndWatch();
        _pcap.Close(_handle);
        _life.CloseWake();
    }

    /// <inheritdoc />
    public override string ToString() => $"pcap:{InterfaceName} ({_linkType})";

    private int Dispatch<THandler>(ref THandler handler)
        where THandler : struct, IFrameHandler
    {
        // The handler is copied to this stack frame so the pointer libpcap passes back stays valid even if the
        // caller's handler lives in a movable object; the result is copied back.
        THandler local = handler;
        var state = new DispatchState
        {
            Handler = Unsafe.AsPointer(ref local),
            Deliver = &Deliver<THandler>,
            LinkType = _linkType,
            Nanoseconds = _nanoseconds,
        };

        int result;
        lock (_life.Gate)
        {
            result = _pcap.Dispatch(_handle, -1, &OnPacket, (byte*)&state);
        }

        handler = local;
        _framesDelivered += state.Frames;
        _bytesDelivered += state.Bytes;
        if (t_handlerError is { } error)
        {
            t_handlerError = null;
            error.Throw();
        }

        if (result >= 0)
        {
            return result;
        }

        if (result == Libpcap.ErrorBreak)
        {
            return 0;
        }

        throw DispatchError(result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private CaptureException DispatchError(int result)
    {
        string message = _pcap.LastError(_handle);
        NetworkInterfaceInfo? info = NetworkInterfaces.Find(InterfaceName);
        bool deleted = Libc.IfNameToIndex(InterfaceName) != (uint)InterfaceIndex;
        if (deleted || result == Libpcap.ErrorInterfaceNotUp || info is { IsUp: false } ||
            message.Contains("went down", StringComparison.OrdinalIgnoreCase) ||
            message.Contains("disappeared", StringComparison.OrdinalIgnoreCase))
        {
            return new InterfaceGoneException(InterfaceName, $"libpcap: {message}", deleted);
        }

        return new CaptureException($"libpcap capture on '{InterfaceName}' failed: {message}");
    }

    private CaptureException ActivationError(int status)
    {
        string detail = _pcap.LastError(_handle);
        string text = string.IsNullOrEmpty(detail) ? _pcap.StatusText(status) : detail;
        return status switch
        {
            Libpcap.ErrorNoSuchDevice => LiveErrors.NotFound(InterfaceName),
            Libpcap.ErrorPermissionDenied => CapturePermissionException.For(InterfaceName, $"pcap_activate: {text}"),
            Libpcap.ErrorInterfaceNotUp => new InterfaceGoneException(InterfaceName, $"libpcap: {text}", deleted: false),
            _ => new CaptureException($"libpcap cannot activate '{InterfaceName}': {text}"),
        };
    }

    private void SetFilter(BpfProgram program)
    {
        fixed (BpfInstruction* code = program.Instructions)
        {
            var native = new BpfProgramNative { Length = (uint)program.Instructions.Length, Instructions = code };
            if (_pcap.SetFilter(_handle, &native) != 0)
            {
                throw new BpfFilterException(program.Expression, _pcap.LastError(_handle), fromKernel: true);
            }
        }
    }

    private void ReadKernelStatsUnsynchronized()
    {
        PcapStat stat = default;
        if (_pcap.GetStats(_handle, &stat) == 0)
        {
            // libpcap keeps these cumulative (it accumulates the kernel's resetting counters itself).
            _kernelReceived = stat.Received;
            _kernelDropped = stat.Dropped;
        }
    }

    [UnmanagedCallersOnly]
    private static void OnPacket(byte* user, PcapPacketHeader* header, byte* data)
    {
        var state = (DispatchState*)user;
        state->Deliver(state, header, data);
    }

    private static void Deliver<THandler>(DispatchState* state, PcapPacketHeader* header, byte* data)
        where THandler : struct, IFrameHandler
    {
        // An exception must not unwind through libpcap's frames: keep it and rethrow after pcap_dispatch returns.
        if (t_handlerError is not null)
        {
            return;
        }

        try
        {
            long fraction = state->Nanoseconds ? header->Fraction : header->Fraction * 1000;
            var frame = new Frame(
                new ReadOnlySpan<byte>(data, (int)header->CapturedLength),
                (header->Seconds * 1_000_000_000L) + fraction,
                (int)header->Length,
                state->LinkType,
                PacketDirection.Unknown);
            Unsafe.AsRef<THandler>(state->Handler).OnFrame(in frame);
            state->Frames++;
            state->Bytes += header->Length;
        }
        catch (Exception e)
        {
            t_handlerError = ExceptionDispatchInfo.Capture(e);
        }
    }

    private struct DispatchState
    {
        public void* Handler;
        public delegate*<DispatchState*, PcapPacketHeader*, byte*, void> Deliver;
        public LinkType LinkType;
        public bool Nanoseconds;
        public int Frames;
        public long Bytes;
    }
}
