using System.Buffers.Binary;
using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;

namespace Weir.Actors.Tests.Support;

/// <summary>
/// A scripted capture source: UDP/IPv4 Ethernet frames, one flow per (client index mod <see cref="Flows"/>),
/// delivered in batches while it has budget (<see cref="Send"/>) or forever (<see cref="Endless"/>); can be
/// told to fail with <see cref="InterfaceGoneException"/>.
/// </summary>
internal sealed class FakeSource : ICaptureSource
{
    public const int FrameLength = 60;

    private readonly byte[] _frame = new byte[FrameLength];
    private long _budget;
    private long _delivered;
    private volatile bool _fail;
    private volatile bool _disposed;

    public FakeSource(string name, int flows = 16, int batch = 64, bool endless = false)
    {
        Name = name;
        Flows = flows;
        Batch = batch;
        Endless = endless;
        var f = _frame.AsSpan();
        f[..6].Fill(0x02);
        f[6..12].Fill(0x04);
        BinaryPrimitives.WriteUInt16BigEndian(f[12..], 0x0800);
        var ip = f[14..];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 46 - 0);
        ip[8] = 64;
        ip[9] = 17;
        ip[12] = 10;
        ip[16] = 10;
        ip[17] = 1;
        ip[19] = 1;
        var udp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 53);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], 26);
    }

    public string Name { get; }

    public int Flows { get; }

    public int Batch { get; }

    public bool Endless { get; }

    public bool Disposed => _disposed;

    public long Delivered => Interlocked.Read(ref _delivered);

    public CaptureSourceStats Stats
    {
        get
        {
            long n = Interlocked.Read(ref _delivered);
            return new CaptureSourceStats(n, n * FrameLength, n, 0);
        }
    }

    /// <summary>The nice value of the thread that read the first batch (null before), from <c>/proc/thread-self/stat</c>.</summary>
    public int? ReaderNice { get; private set; }

    public void Send(long frames) => Interlocked.Add(ref _budget, frames);

    public void Fail() => _fail = true;

    public int ReadBatch<THandler>(ref THandler handler, CancellationToken cancellationToken)
        where THandler : struct, IFrameHandler
    {
        if (_fail)
        {
            throw new InterfaceGoneException(Name, "deleted (fake)", deleted: true);
        }

        if (ReaderNice is null && OperatingSystem.IsLinux())
        {
            // The 19th field; the command name (2nd) may hold spaces, so count after its ')'.
            string stat = File.ReadAllText("/proc/thread-self/stat");
            ReaderNice = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
        }

        int n = Batch;
        if (!Endless)
        {
            long budget = Interlocked.Read(ref _budget);
            n = (int)Math.Min(n, budget);
            if (n <= 0)
            {
                return 0;
            }

            Interlocked.Add(ref _budget, -n);
        }

        long start = Interlocked.Read(ref _delivered);
        for (int i = 0; i < n; i++)
        {
            int client = (int)((start + i) % Flows);
            _frame[14 + 14] = (byte)(client >> 8);
            _frame[14 + 15] = (byte)client;
            var frame = new Frame(_frame, (start + i) * 1000, FrameLength, LinkType.Ethernet, PacketDirection.Unknown);
            handler.OnFrame(in frame);
        }

        Interlocked.Add(ref _delivered, n);
        return n;
    }

    public void Dispose() => _disposed = true;
}
