using Weir.Actors.Capture;
using Weir.Actors.Configuration;
using Weir.Actors.Kernel;
using Weir.Actors.Metrics;
using Weir.Actors.Rotation;
using Weir.Actors.Writeout;
using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;

namespace Weir.Actors;

/// <summary>Starts Weir's actors in an actor system.</summary>
public static class WeirActors
{
    private static readonly TimeSpan s_shutdownAsk = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Creates <c>/user/writeout</c>, <c>/user/capture</c>, <c>/user/rotation</c> and <c>/user/metrics</c> and,
    /// unless <see cref="WeirActorsOptions.AddShutdownTasks"/> is off, adds to <see cref="CoordinatedShutdown"/>:
    /// service-requests-done stops capture; service-stop rotates every interface once more and waits until
    /// writeout has written every block.
    /// </summary>
    /// <param name="system">The system.</param>
    /// <param name="settings">The settings (<c>weir.capture</c>, <c>rotation</c>, <c>writeout</c>, <c>db</c>, <c>metrics</c>).</param>
    /// <param name="sourceFactory">Opens the source of an interface by name; default: <see cref="LiveCapture.Open"/> with <c>weir.capture</c>'s options.</param>
    /// <param name="options">Optional parts (sink, interface listing, shutdown tasks).</param>
    public static WeirActorRefs Start(ActorSystem system, WeirSettings settings, Func<string, ICaptureSource>? sourceFactory = null, WeirActorsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        options ??= WeirActorsOptions.Default;
        var registry = new CaptureRegistry();
        var db = settings.Db;
        Func<IFlowBlockSink> sinkFactory = options.SinkFactory ?? (() => new FlowDbSink(db.Path, db.WriterOptions));
        Func<InterfaceConfig, ICaptureSource> sources = sourceFactory is null
            ? config => LiveCapture.Open(config.Name, LiveOptions(settings.Capture, config))
            : config => sourceFactory(config.Name);

        // A given factory opens one member of a fanout group per call; live capture opens the group at once.
        Func<InterfaceConfig, int, IReadOnlyList<ICaptureSource>>? group = sourceFactory is null
            ? (config, count) => OpenLiveGroup(settings.Capture, config, count)
            : null;
        Func<IReadOnlyList<string>> list = options.ListInterfaces ?? NetworkInterfaces.UpNames;

        var writeout = system.ActorOf(WriteoutActor.Props(settings.Writeout, sinkFactory, registry), "writeout");
        var capture = system.ActorOf(
            CaptureManager.Props(settings.Capture, sources, list, writeout, registry, options.ApplyConfiguredInterfaces ? CaptureManager.Configured(settings.Capture) : null, group),
            "capture");
        var rotation = system.ActorOf(
            options.ScheduleRotation ? RotationScheduler.Props(settings.Rotation.Interval, capture) : Props.Create(() => new IdleActor()),
            "rotation");
        var metrics = system.ActorOf(MetricsActor.Props(registry, settings.Metrics.IfaceLabel), "metrics");

        if (options.AddShutdownTasks)
        {
            var shutdown = CoordinatedShutdown.Get(system);
            shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "weir-stop-capture", async () =>
            {
                system.Stop(rotation);
                await capture.Ask<CaptureStopped>(StopCapture.Instance, s_shutdownAsk).ConfigureAwait(false);
                return Done.Instance;
            });
            shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "weir-flush-flows", async () =>
            {
                await capture.Ask<RotateResult>(RotateNow.Instance, s_shutdownAsk).ConfigureAwait(false);
                await writeout.Ask<Flushed>(Flush.Instance, s_shutdownAsk).ConfigureAwait(false);
                return Done.Instance;
            });
        }

        return new WeirActorRefs(capture, rotation, writeout, metrics, registry);
    }

    /// <summary>
    /// <paramref name="count"/> AF_PACKET sockets of <paramref name="config"/> in one <c>PACKET_FANOUT</c> group
    /// (hash mode: all packets of a connection go to one socket). libpcap has no fanout: with <c>source = pcap</c>,
    /// or <c>auto</c> when AF_PACKET cannot be set up, one source is returned (the capture actor warns).
    /// </summary>
    private static IReadOnlyList<ICaptureSource> OpenLiveGroup(CaptureSettings capture, InterfaceConfig config, int count)
    {
        LiveCaptureOptions options = LiveOptions(capture, config);
        if (count <= 1 || options.Source == LiveSourceKind.Pcap)
        {
            return [LiveCapture.Open(config.Name, options)];
        }

        try
        {
            return LiveCapture.OpenFanout(config.Name, count, options);
        }
        catch (CaptureException e) when (options.Source == LiveSourceKind.Auto
            && e is not (InterfaceNotFoundException or CapturePermissionException or InterfaceGoneException or BpfFilterException))
        {
            // As LiveCapture.Open does for one socket: fall back to libpcap, which has one.
            try
            {
                return [LiveCapture.Open(config.Name, options with { Source = LiveSourceKind.Pcap })];
            }
            catch (CaptureException pcapError)
            {
                throw new CaptureException($"{e.Message}; the libpcap fallback failed too: {pcapError.Message}", e);
            }
        }
    }

    private static LiveCaptureOptions LiveOptions(CaptureSettings capture, InterfaceConfig config) => new()
    {
        FanoutMode = FanoutMode.Hash,
        Source = capture.Source switch
        {
            CaptureSourceKind.AfPacket => LiveSourceKind.AfPacket,
            CaptureSourceKind.Pcap => LiveSourceKind.Pcap,
            _ => LiveSourceKind.Auto,
        },
        SnapLength = config.SnapLength ?? capture.SnapLength,
        Promiscuous = config.Promiscuous ?? capture.Promiscuous,
        Filter = string.IsNullOrEmpty(config.Filter ?? capture.Filter) ? null : config.Filter ?? capture.Filter,
        BlockSize = capture.Ring.BlockSize,
        BlockCount = capture.Ring.BlockCount,
        BlockTimeout = capture.Ring.BlockTimeout,
        PollTimeout = TimeSpan.FromMilliseconds(100),
    };

    private sealed class IdleActor : ReceiveActor
    {
        public IdleActor() => ReceiveAny(_ => { });
    }
}
