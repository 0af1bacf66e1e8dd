using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Weir.Engine.Capture.Live.Native;

namespace Weir.Engine.Capture.Live;

/// <summary>The read path: walk retired blocks in place, hand them back, poll when none is ready.</summary>
public sealed unsafe partial class AfPacketSource
{
    private static readonly Action<object?> s_wakeCallback = static state => ((AfPacketSource)state!).Wake();

    /// <summary>
    /// Delivers the frames of every retired block (up to <see cref="LiveCaptureOptions.MaxBlocksPerBatch"/>),
    /// waiting up to the poll timeout for one when none is ready. Returns 0 on timeout, wake-up or cancellation,
    /// -1 once stopped.
    /// </summary>
    /// <exception cref="InterfaceGoneException">The interface went down or was deleted.</exception>
    /// <exception cref="CaptureException">The socket failed otherwise.</exception>
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

        int delivered = DeliverReadyBlocks(ref handler);
        if (delivered > 0)
        {
            return delivered;
        }

        _life.WatchCancellation(cancellationToken, s_wakeCallback, this);
        WaitForBlock();
        if (_life.IsStopped)
        {
            return -1;
        }

        return cancellationToken.IsCancellationRequested ? 0 : DeliverReadyBlocks(ref handler);
    }

    private int DeliverReadyBlocks<THandler>(ref THandler handler)
        where THandler : struct, IFrameHandler
    {
        int frames = 0;
        long bytes = 0;
        for (int n = 0; n < _maxBlocksPerBatch; n++)
        {
            var block = (TpacketBlockHeader*)(_ring + ((nint)_currentBlock * _blockSize));

            // Acquire: the frames of a block are visible once its status says the user owns it.
            if ((Volatile.Read(ref block->BlockStatus) & Libc.TpStatusUser) == 0)
            {
                break;
            }

            try
            {
                uint count = block->PacketCount;
                byte* packet = (byte*)block + block->OffsetToFirstPacket;
                for (uint i = 0; i < count; i++)
                {
                    var header = (Tpacket3Header*)packet;
                    uint length = header->Length;
                    var frame = new Frame(
                        new ReadOnlySpan<byte>(packet + header->MacOffset, (int)Math.Min(header->SnapLength, (uint)_snapLength)),
                        (header->Seconds * 1_000_000_000L) + header->Nanoseconds,
                        (int)length,
                        _linkType,
                        packet[Tpacket3Header.SockaddrOffset + SockaddrLl.PacketTypeOffset] == Libc.PacketOutgoing
                            ? PacketDirection.Outbound
                            : PacketDirection.Inbound);
                    handler.OnFrame(in frame);
                    bytes += length;
                    packet += header->NextOffset;
                }

                frames += (int)count;
            }
            finally
            {
                // Release: the kernel may refill the block only after every frame in it was handled.
                Volatile.Write(ref block->BlockStatus, Libc.TpStatusKernel);
                if (++_currentBlock == _blockCount)
                {
                    _currentBlock = 0;
                }
            }
        }

        if (frames > 0)
        {
            Volatile.Write(ref _framesDelivered, _framesDelivered + frames);
            Volatile.Write(ref _bytesDelivered, _bytesDelivered + bytes);
        }

        return frames;
    }

    private void WaitForBlock()
    {
        PollFd* fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = _fd, Events = Libc.PollIn };
        fds[1] = new PollFd { Fd = _life.WakeFd, Events = Libc.PollIn };
        int ready = Libc.Poll(fds, 2, _pollTimeoutMs);
        if (ready < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.Eintr)
            {
                return;
            }

            ThrowHelper.ThrowCapture(InterfaceName, "poll", errno);
        }

        if ((fds[1].ReturnedEvents & Libc.PollIn) != 0)
        {
            _life.DrainWake();
        }

        if ((fds[0].ReturnedEvents & (Libc.PollErr | Libc.PollHup | Libc.PollNval)) != 0)
        {
            ThrowSocketError(fds[0].ReturnedEvents);
        }

        if (ready == 0)
        {
            // Quiet interface: the kernel reports a down or deleted device with POLLERR, but a cheap look at the
            // index also catches an interface replaced by another of the same name.
            CheckInterfaceStillThere();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowSocketError(short events)
    {
        int error = ReadSocketError();
        if (error is 0 or Libc.Enetdown or Libc.Enxio or Libc.Enodev)
        {
            throw LiveErrors.Gone(InterfaceName, InterfaceIndex, error, $"poll events 0x{events:x}");
        }

        throw new CaptureException($"capture socket on '{InterfaceName}' failed: {Libc.ErrorText(error)} (poll events 0x{events:x})");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckInterfaceStillThere()
    {
        if (Libc.IfNameToIndex(InterfaceName) != (uint)InterfaceIndex)
        {
            throw LiveErrors.Gone(InterfaceName, InterfaceIndex, Libc.Enodev, "index no longer present");
        }
    }
}
