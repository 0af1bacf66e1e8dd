using Weir.Engine.Capture;

namespace Weir.Engine.Synthetic;

/// <summary>
/// Makes synthetic Ethernet traffic with known flows, for tests and benchmarks: TCP connections (handshake, data
/// both ways, FIN teardown), UDP request/response (DNS, NTP) and one-way streams, ICMP and ICMPv6 echo; IPv4
/// and IPv6, some frames 802.1Q-tagged; heavy-tailed flow sizes (Pareto responses: most flows a few frames,
/// a few elephants of full-size segments); conversations interleaved in time order with strictly increasing
/// timestamps. Every IPv4 header checksum and every TCP, UDP and ICMP checksum is valid, and frames shorter than
/// 60 bytes are zero-padded as on the wire.
/// </summary>
/// <remarks>
/// The same options, seed included, give byte-identical output on every run (on the same platform: the
/// distributions go through <see cref="Math.Log(double)"/> and <see cref="Math.Exp"/>). The snap length only
/// cuts frames: a headers-only capture made with the same seed has the same frames, flows and original lengths.
/// Alongside the frames the generator returns the <see cref="GeneratedTruth"/>: what a flow log must count.
/// </remarks>
public sealed class TrafficGenerator
{
    /// <summary>Creates a generator; throws <see cref="ArgumentOutOfRangeException"/> for options out of range.</summary>
    public TrafficGenerator(TrafficGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>What the generator makes.</summary>
    public TrafficGeneratorOptions Options { get; }

    /// <summary>
    /// Generates every frame into <paramref name="handler"/> (link type Ethernet, direction unknown, data cut to
    /// the snap length) and returns the truth. Each frame's bytes are valid only during its
    /// <see cref="IFrameHandler.OnFrame"/> call. Nothing is allocated per frame.
    /// </summary>
    /// <param name="handler">Receives the frames, in time order.</param>
    /// <param name="progress">Told the number of frames generated so far, every 65 536 frames and at the end.</param>
    public GeneratedTruth Generate<THandler>(ref THandler handler, IProgress<long>? progress = null)
        where THandler : struct, IFrameHandler =>
        new GeneratorRun(Options).Execute(ref handler, progress);

    /// <summary>Writes the capture to <paramref name="stream"/> in <paramref name="format"/> and returns the truth; the stream is left open and flushed.</summary>
    /// <param name="stream">Where the file goes.</param>
    /// <param name="format">pcap (microseconds or nanoseconds) or pcapng.</param>
    /// <param name="progress">Told the number of frames written so far, every 65 536 frames and at the end.</param>
    public GeneratedTruth WriteCapture(Stream stream, SyntheticCaptureFormat format = SyntheticCaptureFormat.Pcap, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        GeneratedTruth truth;
        if (format == SyntheticCaptureFormat.PcapNg)
        {
            using var writer = new PcapNgWriter(stream, leaveOpen: true);
            int id = writer.AddInterface(LinkType.Ethernet, Options.SnapLength, PcapNgWriter.MicrosecondResolution, "synthetic0");
            var handler = new PcapNgWriterHandler(writer, id);
            truth = Generate(ref handler, progress);
        }
        else
        {
            using var writer = new PcapWriter(stream, LinkType.Ethernet, Options.SnapLength,
                nanosecondTimestamps: format == SyntheticCaptureFormat.PcapNanoseconds, leaveOpen: true);
            var handler = new PcapWriterHandler(writer);
            truth = Generate(ref handler, progress);
        }

        return truth;
    }

    /// <summary>Writes the capture to a new file at <paramref name="path"/> (replacing it) and returns the truth.</summary>
    public GeneratedTruth WriteCapture(string path, SyntheticCaptureFormat format = SyntheticCaptureFormat.Pcap, IProgress<long>? progress = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.SequentialScan);
        return WriteCapture(stream, format, progress);
    }
}
