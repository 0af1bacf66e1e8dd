using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Weir.Tests.Shared;

/// <summary>
/// A network namespace of the test's own with a veth pair: one end (<see cref="HostInterface"/>) stays in the
/// test process's namespace, the other (<see cref="PeerInterface"/>) is moved into the namespace. Both ends get an
/// IPv4 address in 198.18.0.0/15 (the benchmarking range) and an IPv6 ULA (nodad), fixed MAC addresses and
/// permanent neighbour entries, so no ARP or neighbour discovery happens while a test counts. Dispose deletes the
/// namespace (and with it both ends) even when setup failed half-way.
/// </summary>
internal sealed class VethNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static readonly int s_processBase = RandomNumberGenerator.GetInt32(0, 1 << 15);
    private static int s_sequence;

    private bool _disposed;

    public VethNamespace()
    {
        string tag = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        Namespace = $"weir-t-{tag}";
        HostInterface = $"wt{tag}h";
        PeerInterface = $"wt{tag}p";

        // A /30 of 198.18.0.0/15 per fixture: random across processes, distinct within this one.
        int subnet = (s_processBase + Interlocked.Increment(ref s_sequence)) & 0x7fff;
        uint v4 = 0xC6120000u + ((uint)subnet << 2);
        HostV4 = V4(v4 + 1);
        PeerV4 = V4(v4 + 2);
        string v6Prefix = $"fd00:5eed:{subnet:x4}:{tag[..4]}";
        HostV6 = IPAddress.Parse($"{v6Prefix}::1");
        PeerV6 = IPAddress.Parse($"{v6Prefix}::2");
        string hostMac = $"02:57:{tag[..2]}:{tag[2..4]}:{tag[4..]}:01";
        string peerMac = $"02:57:{tag[..2]}:{tag[2..4]}:{tag[4..]}:02";

        try
        {
            Ip($"netns add {Namespace}");
            Ip($"link add {HostInterface} address {hostMac} type veth peer name {PeerInterface} address {peerMac}");
            Ip($"link set {PeerInterface} netns {Namespace}");
            Ip($"addr add {HostV4}/30 dev {HostInterface}");
            Ip($"-6 addr add {HostV6}/64 dev {HostInterface} nodad");
            Ip($"link set {HostInterface} up");
            Ip($"neigh replace {PeerV4} lladdr {peerMac} dev {HostInterface} nud permanent");
            Ip($"-6 neigh replace {PeerV6} lladdr {peerMac} dev {HostInterface} nud permanent");
            Ip($"-n {Namespace} link set lo up");
            Ip($"-n {Namespace} addr add {PeerV4}/30 dev {PeerInterface}");
            Ip($"-n {Namespace} -6 addr add {PeerV6}/64 dev {PeerInterface} nodad");
            Ip($"-n {Namespace} link set {PeerInterface} up");
            Ip($"-n {Namespace} neigh replace {HostV4} lladdr {hostMac} dev {PeerInterface} nud permanent");
            Ip($"-n {Namespace} -6 neigh replace {HostV6} lladdr {hostMac} dev {PeerInterface} nud permanent");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Namespace { get; }

    /// <summary>The end in the test's namespace: capture here.</summary>
    public string HostInterface { get; }

    /// <summary>The end inside <see cref="Namespace"/>.</summary>
    public string PeerInterface { get; }

    public IPAddress HostV4 { get; }

    public IPAddress PeerV4 { get; }

    public IPAddress HostV6 { get; }

    public IPAddress PeerV6 { get; }

    private static IPAddress V4(uint address) =>
        new([(byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address]);

    /// <summary>Runs <c>ip ARGS</c>, failing with its stderr when it exits non-zero.</summary>
    public static void Ip(string arguments)
    {
        var start = new ProcessStartInfo("ip", arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start ip");
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {arguments}: exit {process.ExitCode}: {error.Trim()}");
        }
    }

    /// <summary>A UDP socket in the test's own namespace bound to <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static Socket HostSocket(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, port));
        return socket;
    }

    /// <summary>
    /// A UDP socket created inside <see cref="Namespace"/>: a short-lived thread enters the namespace with setns
    /// (network namespaces are per thread), creates and binds the socket, and leaves; the socket stays in the
    /// namespace and can be used from any thread. No helper process is needed.
    /// </summary>
    public Socket PeerSocket(IPAddress address, int port)
    {
        Socket? socket = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            int self = open("/proc/thread-self/ns/net", 0);
            int target = open($"/run/netns/{Namespace}", 0);
            try
            {
                if (self < 0 || target < 0 || setns(target, CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"cannot enter network namespace {Namespace}: errno {Marshal.GetLastPInvokeError()}");
                }

                try
                {
                    socket = HostSocket(address, port);
                }
                finally
                {
                    _ = setns(self, CloneNewNet);
                }
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                _ = close(self);
                _ = close(target);
            }
        });
        thread.Start();
        thread.Join();
        return error is null ? socket! : throw new InvalidOperationException(error.Message, error);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        TryIp($"netns del {Namespace}");
        // If the peer never reached the namespace, the pair still lives here.
        TryIp($"link del {HostInterface}");
    }

    private static void TryIp(string arguments)
    {
        try
        {
            Ip(arguments);
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to clean.
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
