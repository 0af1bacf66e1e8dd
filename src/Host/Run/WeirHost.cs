using System.Runtime.InteropServices;
using Weir.Actors.Configuration;
using Weir.Actors.Kernel;
using Weir.Actors.Persistence;
using Weir.Host.Api;
using Weir.Host.Cli;

namespace Weir.Host.Run;

/// <summary>
/// <c>weir run</c>: loads the configuration, starts the actor system, the capture actors and the admin API,
/// prints the effective configuration and the actor tree, then runs until SIGTERM/SIGINT (coordinated shutdown)
/// and reloads the interface list on SIGHUP.
/// </summary>
public static class WeirHost
{
    /// <summary>Runs the host; returns the process exit status (0 after a clean shutdown, 2 for bad configuration).</summary>
    public static async Task<int> RunAsync(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        WeirSettings settings;
        try
        {
            settings = ConfigLoader.LoadSettings(options.ConfigFile, options.Overrides());
        }
        catch (ConfigurationException e)
        {
            Console.Error.WriteLine($"weir: config: {e.Message}");
            return ExitCodes.Usage;
        }

        string weirConfig = settings.Config.GetConfig("weir").Render();
        if (options.PrintConfigOnly)
        {
            Console.Out.Write(weirConfig);
            return ExitCodes.Success;
        }

        var log = new HostLog(Console.Error, options.JsonLogs, KernelSettingsAdapter.ToLogLevel(settings.Kernel.LogLevel));
        try
        {
            Directory.CreateDirectory(settings.DataDir);
            Directory.CreateDirectory(settings.Db.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CliErrors.Failed($"cannot create the data directory: {e.Message}: {settings.DataDir}");
        }

        SqlStore store;
        DesiredInterfaces desired;
        try
        {
            store = SqlStore.Open(settings.Persistence);
            desired = DesiredInterfaces.Recover(store, store);
        }
        catch (PersistenceException e)
        {
            return CliErrors.Failed(e.Message);
        }

        log.Write("INFO", "host", $"starting: data {Path.GetFullPath(settings.DataDir)}, state {store.Description}");
        var system = ActorSystem.Create("weir", KernelSettingsAdapter.ToActorSystemSettings(settings.Kernel));
        system.EventStream.Subscribe(log, typeof(LogEvent));
        var progress = new WriteoutProgress(store);
        system.EventStream.Subscribe(new WriteoutProgressRecorder(progress, log), typeof(Weir.Actors.Writeout.BlockWritten));
        var shutdown = CoordinatedShutdown.Get(system);
        ICaptureControl capture = await CaptureControlFactory.CreateAsync(system, settings, desired, log).ConfigureAwait(false);
        var started = DateTimeOffset.UtcNow;
        AdminApi api;
        try
        {
            api = await AdminApi.StartAsync(new AdminContext(system, settings, capture, log, started, progress), CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"weir: api: cannot listen on {settings.Api.Bind}: {e.Message} (set weir.api.bind or --api)");
            await system.Terminate().ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-admin-api", async () =>
        {
            await api.DisposeAsync().ConfigureAwait(false);
            return Done.Instance;
        });
        shutdown.EnableSignalHandlers();
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _ = ReloadAsync(options, capture, log);
        });

        log.Write("INFO", "api", $"listening on {api.Address.ToString().TrimEnd('/')}");
        Console.Out.Write($"# effective configuration (weir)\n{weirConfig}\n# actors\n{ActorTree.Render(ActorTree.Walk(system))}");
        Console.Out.Flush();
        await system.WhenTerminated.ConfigureAwait(false);
        log.Write("INFO", "host", $"stopped ({shutdown.ShutdownReason})");
        return ExitCodes.Success;
    }

    private static async Task ReloadAsync(RunOptions options, ICaptureControl capture, HostLog log)
    {
        try
        {
            var settings = ConfigLoader.LoadSettings(options.ConfigFile, options.Overrides());
            await capture.UpdateInterfacesAsync(settings.Capture.Interfaces, CancellationToken.None).ConfigureAwait(false);
            log.Write("INFO", "host", $"SIGHUP: interfaces reloaded: [{string.Join(", ", settings.Capture.Interfaces)}]");
        }
        catch (ConfigurationException e)
        {
            log.Write("ERROR", "host", $"SIGHUP: configuration not reloaded: {e.Message}");
        }
#pragma warning disable CA1031 // a failed reload must never take the host down; it is logged
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.Write("ERROR", "host", $"SIGHUP: reload failed: {e.Message}");
        }
    }
}
