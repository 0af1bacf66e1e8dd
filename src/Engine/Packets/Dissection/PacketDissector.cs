using System.Text;
using Weir.Engine.Capture;

namespace Weir.Engine.Packets.Dissection;

/// <summary>
/// Takes frames apart for people: a one-line connection summary or a JSON object with one entry per layer.
/// Output path only (it allocates); flows use <see cref="PacketParser"/>. Never throws on malformed frames.
/// </summary>
public static class PacketDissector
{
    /// <summary>Dissects <paramref name="frame"/> of <paramref name="linkType"/>.</summary>
    public static PacketDissection Dissect(ReadOnlySpan<byte> frame, LinkType linkType)
    {
        var packet = new ParsedPacket();
        ParseIssue issue = PacketParser.Parse(frame, linkType, ref packet);
        var walker = new LayerWalker();
        // Where the parser found the IP header, for link layers the walker does not decode itself (-1: none).
        int networkOffset = issue is ParseIssue.None or ParseIssue.BadExtensionHeader ? packet.NetworkOffset : -1;
        walker.Walk(frame, linkType, networkOffset);
        return new PacketDissection(linkType, issue, packet, walker.Layers, walker.L2, walker.Innermost);
    }

    /// <summary>Appends the one-line summary of <paramref name="frame"/> to <paramref name="builder"/>.</summary>
    public static void AppendSummary(StringBuilder builder, ReadOnlySpan<byte> frame, LinkType linkType) =>
        Dissect(frame, linkType).AppendSummary(builder);
}
