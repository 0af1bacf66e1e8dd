using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Weir.Engine.Flows;

namespace Weir.Engine.Synthetic;

/// <summary>The JSON form of the truth, written beside a generated capture for tests and benchmarks.</summary>
/// <remarks>
/// <code>
/// {
///   "format": "weir-synthetic-truth/1",
///   "options": { "packets": 10000, "flows": 1000, "seed": 1, "ipv6Share": 0.2, "vlanShare": 0.1,
///                "snapLength": 262144, "startTimeNs": ..., "packetsPerSecond": 100000,
///                "markDirection": false },
///   "totals": { "packets": ..., "bytes": ..., "capturedBytes": ..., "flows": ..., "connections": ...,
///               "ipv6Packets": ..., "vlanPackets": ..., "tcpPackets": ..., "udpPackets": ..., "icmpPackets": ...,
///               "firstTimestampNs": ..., "lastTimestampNs": ... },
///   "flows": [ { "sip": "10.1.2.3", "dip": "198.18.0.7", "dport": 443, "proto": 6,
///                "bytesSent": ..., "bytesReceived": ..., "packetsSent": ..., "packetsReceived": ...,
///                "firstSeenNs": ..., "lastSeenNs": ..., "tcpFlags": 27, "directionConfident": true }, ... ],
///   "pairs": [ { "a": "10.1.2.3", "b": "198.18.0.7", "bytes": ..., "packets": ..., "flows": 2 }, ... ]
/// }
/// </code>
/// Addresses are text (IPv6 in its canonical short form); "sent" is client to server.
/// </remarks>
public sealed partial class GeneratedTruth
{
    /// <summary>The value of the document's <c>format</c> member.</summary>
    public const string FormatName = "weir-synthetic-truth/1";

    /// <summary>Writes the truth as JSON (UTF-8, indented) to <paramref name="stream"/>; the stream is left open.</summary>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", FormatName);

        json.WriteStartObject("options");
        json.WriteNumber("packets", Options.Packets);
        json.WriteNumber("flows", Options.Flows);
        json.WriteNumber("seed", Options.Seed);
        json.WriteNumber("ipv6Share", Options.IPv6Share);
        json.WriteNumber("vlanShare", Options.VlanShare);
        json.WriteNumber("snapLength", Options.SnapLength);
        json.WriteNumber("startTimeNs", Options.StartTimeNs);
        json.WriteNumber("packetsPerSecond", Options.PacketsPerSecond);
        json.WriteBoolean("markDirection", Options.MarkDirection);
        json.WriteEndObject();

        json.WriteStartObject("totals");
        json.WriteNumber("packets", Totals.Packets);
        json.WriteNumber("bytes", Totals.Bytes);
        json.WriteNumber("capturedBytes", Totals.CapturedBytes);
        json.WriteNumber("flows", Totals.Flows);
        json.WriteNumber("connections", Totals.Connections);
        json.WriteNumber("ipv6Packets", Totals.IPv6Packets);
        json.WriteNumber("vlanPackets", Totals.VlanPackets);
        json.WriteNumber("tcpPackets", Totals.TcpPackets);
        json.WriteNumber("udpPackets", Totals.UdpPackets);
        json.WriteNumber("icmpPackets", Totals.IcmpPackets);
        json.WriteNumber("firstTimestampNs", Totals.FirstTimestampNs);
        json.WriteNumber("lastTimestampNs", Totals.LastTimestampNs);
        json.WriteEndObject();

        json.WriteStartArray("flows");
        foreach (FlowRecord flow in _flows)
        {
            json.WriteStartObject();
            json.WriteString("sip", flow.Key.SourceAddress.ToString());
            json.WriteString("dip", flow.Key.DestinationAddress.ToString());
            json.WriteNumber("dport", flow.Key.DestinationPort);
            json.WriteNumber("proto", flow.Key.Protocol);
            json.WriteNumber("bytesSent", flow.Counters.BytesSent);
            json.WriteNumber("bytesReceived", flow.Counters.BytesReceived);
            json.WriteNumber("packetsSent", flow.Counters.PacketsSent);
            json.WriteNumber("packetsReceived", flow.Counters.PacketsReceived);
            json.WriteNumber("firstSeenNs", flow.FirstSeenNs);
            json.WriteNumber("lastSeenNs", flow.LastSeenNs);
            json.WriteNumber("tcpFlags", flow.TcpFlags);
            json.WriteBoolean("directionConfident", flow.DirectionConfident);
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();

        json.WriteStartArray("pairs");
        foreach (IpPairTotals pair in _pairs)
        {
            json.WriteStartObject();
            json.WriteString("a", pair.A.ToString());
            json.WriteString("b", pair.B.ToString());
            json.WriteNumber("bytes", pair.Bytes);
            json.WriteNumber("packets", pair.Packets);
            json.WriteNumber("flows", pair.Flows);
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>Writes the truth as JSON to the file at <paramref name="path"/>, replacing it.</summary>
    public void WriteJson(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        WriteJson(stream);
    }

    /// <summary>Reads truth written by <see cref="WriteJson(Stream)"/>; pairs are recomputed from the flows.</summary>
    /// <exception cref="FormatException">The document is not a truth document.</exception>
    public static GeneratedTruth ReadJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using JsonDocument document = JsonDocument.Parse(stream);
        JsonElement root = document.RootElement;
        try
        {
            if (root.GetProperty("format").GetString() != FormatName)
            {
                throw new FormatException($"not a {FormatName} document");
            }

            JsonElement o = root.GetProperty("options");
            var options = new TrafficGeneratorOptions
            {
                Packets = o.GetProperty("packets").GetInt64(),
                Flows = o.GetProperty("flows").GetInt32(),
                Seed = o.GetProperty("seed").GetUInt64(),
                IPv6Share = o.GetProperty("ipv6Share").GetDouble(),
                VlanShare = o.GetProperty("vlanShare").GetDouble(),
                SnapLength = o.GetProperty("snapLength").GetInt32(),
                StartTimeNs = o.GetProperty("startTimeNs").GetInt64(),
                PacketsPerSecond = o.GetProperty("packetsPerSecond").GetDouble(),
                MarkDirection = o.TryGetProperty("markDirection", out JsonElement mark) && mark.GetBoolean(),
            };

            JsonElement t = root.GetProperty("totals");
            var totals = new GeneratedTotals(
                t.GetProperty("packets").GetInt64(),
                t.GetProperty("bytes").GetInt64(),
                t.GetProperty("capturedBytes").GetInt64(),
                t.GetProperty("flows").GetInt32(),
                t.GetProperty("connections").GetInt64(),
                t.GetProperty("ipv6Packets").GetInt64(),
                t.GetProperty("vlanPackets").GetInt64(),
                t.GetProperty("tcpPackets").GetInt64(),
                t.GetProperty("udpPackets").GetInt64(),
                t.GetProperty("icmpPackets").GetInt64(),
                t.GetProperty("firstTimestampNs").GetInt64(),
                t.GetProperty("lastTimestampNs").GetInt64());

            var flows = new List<FlowRecord>(root.GetProperty("flows").GetArrayLength());
            foreach (JsonElement f in root.GetProperty("flows").EnumerateArray())
            {
                IPAddress sip = IPAddress.Parse(f.GetProperty("sip").GetString()!);
                IPAddress dip = IPAddress.Parse(f.GetProperty("dip").GetString()!);
                bool v6 = sip.AddressFamily == AddressFamily.InterNetworkV6;
                flows.Add(new FlowRecord
                {
                    Key = new FlowKey(ToNumber(sip), ToNumber(dip), f.GetProperty("dport").GetUInt16(), f.GetProperty("proto").GetByte(), v6),
                    Counters = new FlowCounters(
                        f.GetProperty("bytesReceived").GetUInt64(), f.GetProperty("bytesSent").GetUInt64(),
                        f.GetProperty("packetsReceived").GetUInt64(), f.GetProperty("packetsSent").GetUInt64()),
                    FirstSeenNs = f.GetProperty("firstSeenNs").GetInt64(),
                    LastSeenNs = f.GetProperty("lastSeenNs").GetInt64(),
                    TcpFlags = f.GetProperty("tcpFlags").GetByte(),
                    DirectionConfident = f.GetProperty("directionConfident").GetBoolean(),
                });
            }

            return new GeneratedTruth(options, flows, totals);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"not a valid {FormatName} document: {e.Message}", e);
        }
    }

    /// <summary>Reads truth from the file at <paramref name="path"/>.</summary>
    public static GeneratedTruth ReadJson(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ReadJson(stream);
    }

    private static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
