namespace Weir.Engine.Capture.Live;

/// <summary>How a <c>PACKET_FANOUT</c> group spreads one interface's packets over its rings.</summary>
public enum FanoutMode
{
    /// <summary>By flow hash (<c>PACKET_FANOUT_HASH</c>, with defragmentation so fragments stay together): one flow, one ring.</summary>
    Hash = 0,
    /// <summary>By the CPU that received the packet (<c>PACKET_FANOUT_CPU</c>).</summary>
    Cpu = 1,
}
