using Weir.Actors;
using Weir.Actors.Configuration;
using Weir.Actors.Kernel;
using Weir.Actors.Persistence;

namespace Weir.Host.Run;

/// <summary>Starts the capture actors for <c>weir run</c> and wraps them for the admin API.</summary>
internal static class CaptureControlFactory
{
    public static async Task<ICaptureControl> CreateAsync(ActorSystem system, WeirSettings settings, DesiredInterfaces desired, HostLog log)
    {
        // The host owns the interface list (persisted enables and disables), so the actors start with none.
        var actors = WeirActors.Start(system, settings, options: new WeirActorsOptions { ApplyConfiguredInterfaces = false });
        var control = new ActorCaptureControl(actors, desired, settings.Capture);
        try
        {
            await control.ApplyAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or ArgumentException)
        {
            log.Write("ERROR", "host", $"cannot apply the interface configuration: {e.Message}");
        }

        log.Write("INFO", "host", $"capture on [{string.Join(", ", control.Wanted())}]");
        return control;
    }
}
