using Weir.Engine.Capture;

namespace Weir.Engine.Packets;

/// <summary>
/// Zero-copy parser from a captured frame to the fields a flow needs. Stateless and allocation-free; the
/// flow log adds the state (fragment attribution) on top.
/// </summary>
public static partial class PacketParser
{
    /// <summary>
    /// Parses <paramref name="frame"/> of link type <paramref name="linkType"/> into <paramref name="packet"/>.
    /// Returns <see cref="ParseIssue.None"/> when an outermost IP header was read (the frame can be counted into
    /// a flow, even when its transport header is cut short), or the reason it cannot be.
    /// </summary>
    public static ParseIssue Parse(ReadOnlySpan<byte> frame, LinkType linkType, ref ParsedPacket packet)
    {
        // Contract only: the engine-core work implements the link layers and IP walk.
        packet = default;
        _ = frame;
        _ = linkType;
        return ParseIssue.UnsupportedLinkType;
    }
}
