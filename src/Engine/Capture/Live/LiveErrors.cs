using System.Runtime.InteropServices;
using Weir.Engine.Capture.Live.Native;

namespace Weir.Engine.Capture.Live;

/// <summary>Turns errno values from socket setup and polling into the capture exceptions operators read.</summary>
internal static class LiveErrors
{
    /// <summary>The interface's index, or <see cref="InterfaceNotFoundException"/> listing some that exist.</summary>
    public static int ResolveIndex(string interfaceName)
    {
        uint index = interfaceName.Length is > 0 and < 16 ? Libc.IfNameToIndex(interfaceName) : 0;
        if (index == 0)
        {
            throw NotFound(interfaceName);
        }

        return (int)index;
    }

    /// <summary>The not-found error with the names of the interfaces that do exist.</summary>
    public static InterfaceNotFoundException NotFound(string interfaceName) =>
        new(interfaceName, NetworkInterfaces.List().Select(i => i.Name).ToArray());

    /// <summary>The exception for a failed setup step, from the calling thread's last P/Invoke error.</summary>
    public static CaptureException FromErrno(string interfaceName, string step) =>
        FromErrno(interfaceName, step, Marshal.GetLastPInvokeError());

    /// <summary>The exception for a failed setup step with <paramref name="errno"/>.</summary>
    public static CaptureException FromErrno(string interfaceName, string step, int errno) => errno switch
    {
        Libc.Eperm or Libc.Eacces => CapturePermissionException.For(interfaceName, step),
        Libc.Enodev or Libc.Enxio when Libc.IfNameToIndex(interfaceName) == 0 => NotFound(interfaceName),
        Libc.Enetdown => new InterfaceGoneException(interfaceName, $"{step}: {Libc.ErrorText(errno)}", deleted: false),
        _ => new CaptureException($"capture on '{interfaceName}' failed at {step}: {Libc.ErrorText(errno)} (errno {errno})"),
    };

    /// <summary>
    /// The interface-gone error, telling deletion (the name no longer resolves to the same index) from going down.
    /// </summary>
    public static InterfaceGoneException Gone(string interfaceName, int interfaceIndex, int errno, string detail)
    {
        bool deleted = Libc.IfNameToIndex(interfaceName) != (uint)interfaceIndex;
        string reason = errno == 0 ? detail : $"{Libc.ErrorText(errno)}, {detail}";
        return new InterfaceGoneException(interfaceName, reason, deleted);
    }
}
