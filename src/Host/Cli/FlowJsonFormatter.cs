using System.Buffers;
using System.Text.Json;
using Weir.Engine.Flows;

namespace Weir.Host.Cli;

/// <summary>
/// Formats flows as the objects of <c>weir flows --format json</c>'s <c>flows</c> array straight into bytes —
/// the same bytes <see cref="Utf8JsonWriter"/> writes, at a fraction of its cost per value — and writes many
/// flows formatted on all cores, in order, to a stream.
/// </summary>
internal static class FlowJsonFormatter
{
    /// <summary>The longest one object can be: two IPv6 addresses, eight 20-digit numbers, two times, every flag.</summary>
    public const int MaxObjectLength = 512;

    /// <summary>Flows per chunk formatted on one thread (about a megabyte of text).</summary>
    private const int ChunkFlows = 4096;

    /// <summary>Below this many flows, formatting stays on the calling thread.</summary>
    private const int ParallelThreshold = 50_000;

    /// <summary>The TCP flag names of every flag byte, as the JSON writer encodes them.</summary>
    private static readonly byte[][] s_tcpFlagNames = Enumerable.Range(0, 256)
        .Select(b => JsonEncodedText.Encode(FlowReportWriter.TcpFlagNames((byte)b)).EncodedUtf8Bytes.ToArray()).ToArray();

    /// <summary>
    /// Writes the flows of <paramref name="records"/> at the positions <paramref name="order"/> lists, in that
    /// order, as JSON objects separated by commas. Large sets are formatted in chunks on all cores while this
    /// thread writes the finished chunks in order: a window of chunks in flight, so the buffers are few, reused
    /// and warm, and writing overlaps formatting.
    /// </summary>
    public static void WriteAll(Stream output, ReadOnlyMemory<FlowRecord> records, int[] order)
    {
        if (order.Length < ParallelThreshold || Environment.ProcessorCount < 2)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkFlows * MaxObjectLength);
            for (int from = 0; from < order.Length; from += ChunkFlows)
            {
                int length = FormatChunk(records.Span, order.AsSpan(from, Math.Min(ChunkFlows, order.Length - from)), buffer, leadingComma: from > 0);
                output.Write(buffer, 0, length);
            }

            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }

        int chunks = (order.Length + ChunkFlows - 1) / ChunkFlows;
        int window = Math.Min(Environment.ProcessorCount, 8) * 2;
        var pending = new Queue<Task<(byte[] Buffer, int Length)>>();
        int next = 0;
        while (pending.Count < window && next < chunks)
        {
            pending.Enqueue(Start(records, order, next++));
        }

        while (pending.Count > 0)
        {
            (byte[] buffer, int length) = pending.Dequeue().Result;
            output.Write(buffer, 0, length);
            ArrayPool<byte>.Shared.Return(buffer);
            if (next < chunks)
            {
                pending.Enqueue(Start(records, order, next++));
            }
        }
    }

    private static Task<(byte[] Buffer, int Length)> Start(ReadOnlyMemory<FlowRecord> records, int[] order, int chunk) => Task.Run(() =>
    {
        int from = chunk * ChunkFlows;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkFlows * MaxObjectLength);
        return (buffer, FormatChunk(records.Span, order.AsSpan(from, Math.Min(ChunkFlows, order.Length - from)), buffer, leadingComma: chunk > 0));
    });

    /// <summary>Formats the flows of <paramref name="records"/> at <paramref name="positions"/> into <paramref name="buffer"/> (at least <see cref="MaxObjectLength"/> bytes per flow); returns the length.</summary>
    private static int FormatChunk(ReadOnlySpan<FlowRecord> records, ReadOnlySpan<int> positions, byte[] buffer, bool leadingComma)
    {
        Span<byte> into = buffer;
        int n = 0;
        for (int i = 0; i < positions.Length; i++)
        {
            if (i > 0 || leadingComma)
            {
                into[n++] = (byte)',';
            }

            n += Format(in records[positions[i]], into[n..]);
        }

        return n;
    }

    /// <summary>Formats one flow as a JSON object into <paramref name="d"/> (at least <see cref="MaxObjectLength"/> bytes); returns the length.</summary>
    public static int Format(in FlowRecord f, Span<byte> d)
    {
        int n = Append(d, 0, "{\"sip\":\""u8);
        n += FlowReportWriter.FormatAddress(f.Key.Source, f.Key.IsIPv6, d[n..]);
        n = Append(d, n, "\",\"dip\":\""u8);
        n += FlowReportWriter.FormatAddress(f.Key.Destination, f.Key.IsIPv6, d[n..]);
        n = Number(d, Append(d, n, "\",\"dport\":"u8), f.Key.DestinationPort);
        n = Number(d, Append(d, n, ",\"proto\":"u8), f.Key.Protocol);
        n = Number(d, Append(d, n, ",\"bytes_rcvd\":"u8), f.Counters.BytesReceived);
        n = Number(d, Append(d, n, ",\"bytes_sent\":"u8), f.Counters.BytesSent);
        n = Number(d, Append(d, n, ",\"pkts_rcvd\":"u8), f.Counters.PacketsReceived);
        n = Number(d, Append(d, n, ",\"pkts_sent\":"u8), f.Counters.PacketsSent);
        n = Append(d, n, ",\"first_seen\":\""u8);
        n += FlowReportWriter.FormatTime(f.FirstSeenNs, d[n..]);
        n = Append(d, n, "\",\"last_seen\":\""u8);
        n += FlowReportWriter.FormatTime(f.LastSeenNs, d[n..]);
        n = Append(d, n, "\""u8);
        if (f.Key.Protocol == 6)
        {
            n = Append(d, Append(d, n, ",\"tcp_flags\":\""u8), s_tcpFlagNames[f.TcpFlags]);
            n = Append(d, n, "\""u8);
        }

        return Append(d, Append(d, n, ",\"direction_confident\":"u8), f.DirectionConfident ? "true}"u8 : "false}"u8);
    }

    private static int Append(Span<byte> d, int at, ReadOnlySpan<byte> text)
    {
        text.CopyTo(d[at..]);
        return at + text.Length;
    }

    private static int Number(Span<byte> d, int at, ulong value)
    {
        value.TryFormat(d[at..], out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        return at + written;
    }
}
