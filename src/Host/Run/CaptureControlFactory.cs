using Weir.Actors.Configuration;
using Weir.Actors.Kernel;
using Weir.Actors.Persistence;

namespace Weir.Host.Run;

/// <summary>Chooses how <c>weir run</c> controls capture.</summary>
internal static class CaptureControlFactory
{
    public static ICaptureControl Create(ActorSystem system, WeirSettings settings, DesiredInterfaces desired, SqlStore store, HostLog log)
    {
        _ = system;
        _ = store;
        log.Write("WARNING", "host", "capture actors are not part of this build: interfaces are tracked but not captured");
        return new DesiredStateCaptureControl(desired, settings.Capture.Interfaces);
    }
}
