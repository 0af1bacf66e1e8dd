namespace Weir.Engine.Capture.Live;

/// <summary>One network interface as <c>/sys/class/net</c> describes it.</summary>
/// <param name="Name">Interface name, e.g. <c>eth0</c>.</param>
/// <param name="Index">Kernel interface index (ifindex).</param>
/// <param name="IsUp">Administratively up (<c>IFF_UP</c>).</param>
/// <param name="OperState">Operational state as the kernel words it: <c>up</c>, <c>down</c>, <c>unknown</c> (loopback), …</param>
/// <param name="HardwareType">ARPHRD type: 1 Ethernet, 772 loopback, 65534 none (tun), …</param>
/// <param name="Mtu">MTU in bytes.</param>
/// <param name="Address">Hardware address as the kernel prints it, empty when it has none.</param>
public sealed record NetworkInterfaceInfo(string Name, int Index, bool IsUp, string OperState, int HardwareType, int Mtu, string Address)
{
    /// <summary>
    /// The link type of frames captured from a raw AF_PACKET socket on this interface, or null when Weir does not
    /// decode that hardware type.
    /// </summary>
    public LinkType? LinkType => NetworkInterfaces.LinkTypeOf(HardwareType);
}
