namespace Weir.Engine.Capture.Live;

/// <summary>The process may not open a raw packet socket: it needs <c>CAP_NET_RAW</c> (or root).</summary>
public sealed class CapturePermissionException : CaptureException
{
    /// <summary>Creates the exception.</summary>
    public CapturePermissionException() { }

    /// <summary>Creates the exception with a message.</summary>
    public CapturePermissionException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public CapturePermissionException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the standard message for <paramref name="interfaceName"/> and the failed step.</summary>
    public static CapturePermissionException For(string interfaceName, string step) =>
        new($"no permission to capture on '{interfaceName}' ({step}): capturing needs CAP_NET_RAW or root; " +
            "run as root or grant it with 'setcap cap_net_raw,cap_net_admin=eip <weir binary>'");
}
