using System.Text;
using Weir.Engine.Capture.Live.Native;

namespace Weir.Engine.Capture.Live;

/// <summary>
/// Compiles pcap-filter(7) expressions to classic BPF with libpcap (<c>pcap_open_dead</c> + <c>pcap_compile</c>),
/// for the AF_PACKET socket to run in the kernel. Needs libpcap only when called.
/// </summary>
public static unsafe class BpfCompiler
{
    /// <summary>libpcap's <c>DLT_RAW</c> on Linux; the one link type whose DLT differs from its LINKTYPE number.</summary>
    private const int DltRaw = 12;

    // Older libpcap releases kept the parser's state in globals; one compile at a time is cheap insurance.
    private static readonly Lock s_compileLock = new();

    /// <summary>Whether libpcap is installed, so that <see cref="Compile"/> can work.</summary>
    public static bool IsAvailable => Libpcap.IsAvailable;

    /// <summary>
    /// Compiles <paramref name="expression"/> for frames of <paramref name="linkType"/> captured up to
    /// <paramref name="snapLength"/> bytes (accepting instructions return it, so the kernel truncates there).
    /// </summary>
    /// <exception cref="BpfFilterException">The expression is not valid; the message is libpcap's plus the expression.</exception>
    /// <exception cref="LibpcapUnavailableException">libpcap is not installed (package <c>libpcap0.8</c>).</exception>
    public static BpfProgram Compile(string expression, LinkType linkType, int snapLength)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapLength, 1);
        Libpcap pcap = Libpcap.Require($"the capture filter '{expression}'");

        int byteCount = Encoding.UTF8.GetByteCount(expression);
        byte[] text = new byte[byteCount + 1];
        Encoding.UTF8.GetBytes(expression, text);

        lock (s_compileLock)
        {
            nint handle = pcap.OpenDead(ToDlt(linkType), snapLength);
            if (handle == 0)
            {
                throw new CaptureException($"libpcap could not open a dead handle for link type {linkType}");
            }

            try
            {
                BpfProgramNative program = default;
                fixed (byte* expressionBytes = text)
                {
                    if (pcap.Compile(handle, &program, expressionBytes, 1, Libpcap.NetmaskUnknown) != 0)
                    {
                        throw new BpfFilterException(expression, pcap.LastError(handle), fromKernel: false);
                    }
                }

                try
                {
                    var instructions = new ReadOnlySpan<BpfInstruction>(program.Instructions, checked((int)program.Length));
                    return new BpfProgram(expression, linkType, snapLength, instructions);
                }
                finally
                {
                    pcap.FreeCode(&program);
                }
            }
            finally
            {
                pcap.Close(handle);
            }
        }
    }

    private static int ToDlt(LinkType linkType) => linkType == LinkType.Raw ? DltRaw : (int)linkType;
}
