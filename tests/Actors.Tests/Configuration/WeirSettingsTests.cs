using Weir.Actors.Configuration;
using Weir.Engine.Storage;

namespace Weir.Actors.Tests.Configuration;

public class WeirSettingsTests
{
    private static WeirSettings Load(string key, string value) =>
        WeirSettings.FromConfig(ConfigLoader.Load(null, new Dictionary<string, string> { [key] = value }));

    [Theory]
    [InlineData("none", ColumnCodec.None)]
    [InlineData("deflate", ColumnCodec.Deflate)]
    [InlineData("brotli", ColumnCodec.Brotli)]
    public void DbWriterOptions_Compression_SelectsTheCodec(string compression, ColumnCodec codec)
    {
        Assert.Equal(codec, Load("weir.db.compression", compression).Db.WriterOptions.Codec);
    }

    [Fact]
    public void DbWriterOptions_RollupEveryBlocks_ReachesTheWriter()
    {
        Assert.Equal(12, Load("weir.db.rollup-every-blocks", "12").Db.WriterOptions.RollupEveryBlocks);
    }

    [Fact]
    public void DbWriterOptions_Auto_LeavesTheWriterDefault()
    {
        Assert.Null(Load("weir.db.compression", "auto").Db.WriterOptions.Codec);
    }

    [Fact]
    public void FromConfig_Reference_HasDocumentedDefaults()
    {
        var s = WeirSettings.FromConfig(ConfigLoader.LoadReference());

        Assert.Equal("data", s.DataDir);
        Assert.Equal("INFO", s.Kernel.LogLevel);
        Assert.Equal("WARNING", s.Kernel.StdoutLogLevel);
        Assert.Equal(10, s.Kernel.LogDeadLetters);
        Assert.Equal(TimeSpan.FromMinutes(5), s.Kernel.LogDeadLettersSuspendDuration);
        Assert.Equal(TimeSpan.FromSeconds(20), s.Kernel.CreationTimeout);
        Assert.Equal(new MailboxSettings("default-mailbox", false, 1000, TimeSpan.FromSeconds(10), 30), s.Kernel.DefaultMailbox);
        Assert.Equal(new MailboxSettings("capture-mailbox", true, 1000, TimeSpan.Zero, 30), s.Kernel.GetMailbox("capture-mailbox"));
        Assert.Equal(new MailboxSettings("monitor-mailbox", true, 1000, TimeSpan.Zero, 30), s.Kernel.GetMailbox("akka.actor.monitor-mailbox"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), s.Kernel.SchedulerTickDuration);

        var cs = s.Kernel.CoordinatedShutdown;
        Assert.Equal(TimeSpan.FromSeconds(5), cs.DefaultPhaseTimeout);
        Assert.True(cs.TerminateActorSystem);
        Assert.True(cs.RunByActorSystemTerminate);
        Assert.True(cs.RunByClrShutdownHook);
        Assert.Equal(
            [
                "before-service-unbind", "service-unbind", "service-requests-done", "service-stop", "before-cluster-shutdown",
                "cluster-sharding-shutdown-region", "cluster-leave", "cluster-exiting", "cluster-exiting-done", "cluster-shutdown",
                "before-actor-system-terminate", "actor-system-terminate",
            ],
            cs.Phases.Select(p => p.Name));
        Assert.Equal(TimeSpan.FromSeconds(10), cs.Phases.Single(p => p.Name == "cluster-exiting").Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), cs.Phases.Single(p => p.Name == "service-stop").Timeout);
        Assert.All(cs.Phases, p => Assert.True(p.Recover));

        var c = s.Capture;
        Assert.Empty(c.Interfaces);
        Assert.True(c.Discover);
        Assert.True(c.IsExcluded("lo"));
        Assert.False(c.IsExcluded("lo0x"));
        Assert.Equal(65535, c.SnapLength);
        Assert.True(c.Promiscuous);
        Assert.Equal(CaptureSourceKind.Auto, c.Source);
        Assert.Equal(new RingSettings(1 << 20, 64, TimeSpan.FromMilliseconds(100)), c.Ring);
        Assert.Equal(1, c.Fanout);
        Assert.Equal("", c.Filter);
        Assert.Equal(1024, c.MaxInterfaces);
        Assert.Equal(new LocalBufferSettings(8L << 20, 4), c.LocalBuffer);
        Assert.Equal(new BackoffSettings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2), c.Backoff);
        Assert.Equal(-10, c.ThreadNice);

        Assert.Equal(TimeSpan.FromSeconds(300), s.Rotation.Interval);
        Assert.Equal(new WriteoutSettings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 3, TimeSpan.FromMinutes(1)), s.Writeout);
        Assert.Equal(new DbSettings("data/db", TimeSpan.FromDays(30), DbCompression.Auto, 0), s.Db);
        Assert.Equal(0, s.Db.WriterOptions.RollupEveryBlocks);
        Assert.Equal("127.0.0.1:9110", s.Api.Bind.ToString());
        Assert.True(s.Metrics.IfaceLabel);
        Assert.Equal(PersistenceProvider.Sqlite, s.Persistence.Provider);
        Assert.Equal("Data Source=data/weir.db", s.Persistence.ConnectionString);
    }

    [Theory]
    // rotation interval must be positive
    [InlineData("weir.rotation.interval", "0s", "must be between 1s and 86400s, got 0s")]
    // rotation interval must be whole seconds
    [InlineData("weir.rotation.interval", "1500ms", "must be a whole number of seconds, got 1500ms")]
    // rotation interval cannot be infinite
    [InlineData("weir.rotation.interval", "infinite", "expected a finite duration")]
    // snap length below the minimum
    [InlineData("weir.capture.snap-length", "10", "must be between 64 and 262144, got 10")]
    // snap length above the maximum
    [InlineData("weir.capture.snap-length", "300000", "must be between 64 and 262144, got 300000")]
    // snap length not a number
    [InlineData("weir.capture.snap-length", "big", "expected a 32-bit integer, got \"big\"")]
    // bind without a port
    [InlineData("weir.api.bind", "127.0.0.1", "expected an address and port")]
    // bind with a host name
    [InlineData("weir.api.bind", "localhost:9110", "expected an address and port")]
    // bind with a port out of range
    [InlineData("weir.api.bind", "127.0.0.1:70000", "expected an address and port")]
    // a non-loopback bind without a token
    [InlineData("weir.api.bind", "0.0.0.0:9110", "is not a loopback address")]
    // an exclude pattern that does not compile
    [InlineData("weir.capture.exclude", "[\"(\"]", "'(' is not a valid regular expression")]
    // an unknown capture source
    [InlineData("weir.capture.source", "dpdk", "must be one of auto, afpacket, pcap, got \"dpdk\"")]
    // a ring block smaller than a page
    [InlineData("weir.capture.ring.block-size", "3000", "must be between 4KiB and 1024MiB, got 3000")]
    // a ring block that is not a power of two
    [InlineData("weir.capture.ring.block-size", "12KiB", "must be a power of two")]
    // a ring block no larger than the snap length
    [InlineData("weir.capture.ring.block-size", "32KiB", "must be larger than weir.capture.snap-length (65535) plus 128 bytes")]
    // a ring block size in the wrong unit case
    [InlineData("weir.capture.ring.block-size", "1mib", "expected a size in bytes")]
    // one ring block: the kernel could not fill one while Weir reads another
    [InlineData("weir.capture.ring.block-count", "1", "must be between 2 and 65536, got 1")]
    // a ring above 2 GiB
    [InlineData("weir.capture.ring.block-count", "4096", "block-size × block-count must be at most 2 GiB")]
    // jitter above 1
    [InlineData("weir.capture.backoff.random-factor", "1.5", "must be between 0 and 1, got 1.5")]
    // backoff max below min
    [InlineData("weir.capture.backoff.max", "500ms", "must not be less than min (1s), got 500ms")]
    // retry max below retry min
    [InlineData("weir.writeout.retry-max", "100ms", "must not be less than retry-min (1s), got 100ms")]
    // negative restart budget
    [InlineData("weir.writeout.max-restarts", "-1", "must be between 0 and 1000, got -1")]
    // retention below a day
    [InlineData("weir.db.retention", "1h", "must be at least 86400s (or infinite), got 3600s")]
    // an unknown codec
    [InlineData("weir.db.compression", "zip", "must be one of auto, none, deflate, brotli, got \"zip\"")]
    // a negative roll-up cadence
    [InlineData("weir.db.rollup-every-blocks", "-1", "must be between 0 and 100000, got -1")]
    // an unknown persistence provider
    [InlineData("weir.persistence.provider", "mysql", "must be one of sqlite, postgres, got \"mysql\"")]
    // postgres without a connection string
    [InlineData("weir.persistence.provider", "postgres", "postgres.connection-string is not set")]
    // an interface name longer than IFNAMSIZ
    [InlineData("weir.capture.interfaces", "[this-name-is-too-long]", "'this-name-is-too-long' is not an interface name")]
    // the same interface twice
    [InlineData("weir.capture.interfaces", "[eth0, eth0]", "lists an interface twice")]
    // interfaces not a list
    [InlineData("weir.capture.interfaces", "eth0", "expected a list, got \"eth0\"")]
    // no fanout sockets
    [InlineData("weir.capture.fanout", "0", "must be between 1 and 64, got 0")]
    // a nice value Linux does not have
    [InlineData("weir.capture.thread-nice", "-21", "must be between -20 and 19, got -21")]
    // more interfaces than the kernel supports here
    [InlineData("weir.capture.max-interfaces", "2000", "must be between 1 and 1024, got 2000")]
    // a boolean written as a number
    [InlineData("weir.capture.promiscuous", "1", "expected a boolean")]
    // an unknown log level
    [InlineData("akka.loglevel", "VERBOSE", "must be one of OFF, ERROR, WARNING, INFO, DEBUG, got \"VERBOSE\"")]
    // an unknown mailbox type
    [InlineData("akka.actor.capture-mailbox.mailbox-type", "lossy", "must be one of unbounded, bounded, got \"lossy\"")]
    // a phase depending on a phase that does not exist
    [InlineData("akka.coordinated-shutdown.phases.service-unbind.depends-on", "[nope]", "unknown phase 'nope'")]
    // a zero scheduler tick
    [InlineData("akka.scheduler.tick-duration", "0", "must be between 1ms and 1s, got 0s")]
    // an empty data directory
    [InlineData("weir.data-dir", "\"\"", "must not be empty")]
    // a local buffer too small to hold a packet
    [InlineData("weir.capture.local-buffer.size", "1K", "must be between 64KiB and 4096MiB, got 1KiB")]
    public void FromConfig_BadValue_ErrorNamesKeyFileAndLine(string key, string value, string fragment)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(key, value));
        Assert.StartsWith(key == "akka.coordinated-shutdown.phases.service-unbind.depends-on" || !key.Contains("persistence", StringComparison.Ordinal) ? key + ":" : "weir.persistence.provider:",
            ex.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("(override:1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfig_PhaseCycle_ErrorNamesPhaseKey()
    {
        var ex = Assert.Throws<ConfigurationException>(() =>
            Load("akka.coordinated-shutdown.phases.before-service-unbind.depends-on", "[actor-system-terminate]"));
        Assert.StartsWith("akka.coordinated-shutdown.phases.before-service-unbind.depends-on: phases depend on each other in a cycle", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("(override:1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfig_SectionSetToNull_ErrorNamesKeyAndWhere()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load("weir.rotation", "null"));
        Assert.Equal("weir.rotation: required key is missing (it is set to null at override:1)", ex.Message);
    }

    [Fact]
    public void FromConfig_MissingKey_ErrorNamesKeyAndFile()
    {
        var config = ConfigurationFactory.ParseString("weir.rotation {}", "user.conf").WithFallback(ConfigLoader.LoadReference());
        var withoutInterval = ConfigurationFactory.ParseString("weir.rotation = null", "user.conf").WithFallback(config);
        var ex = Assert.Throws<ConfigurationException>(() =>
            WeirSettings.FromConfig(ConfigurationFactory.ParseString("weir.rotation { other = 1 }", "user.conf").WithFallback(withoutInterval)));
        Assert.Equal("weir.rotation.interval: required key is missing (not found in user.conf, config/akka.hocon)", ex.Message);
    }

    [Fact]
    public void FromConfig_PostgresProvider_UsesPostgresConnection()
    {
        var config = ConfigLoader.Load(null, new Dictionary<string, string>
        {
            ["weir.persistence.provider"] = "postgres",
            ["weir.persistence.postgres.connection-string"] = "Host=db;Username=weir",
        });
        var settings = WeirSettings.FromConfig(config);
        Assert.Equal(PersistenceProvider.Postgres, settings.Persistence.Provider);
        Assert.Equal("Host=db;Username=weir", settings.Persistence.ConnectionString);
    }

    [Theory]
    // on logs every dead letter
    [InlineData("on", int.MaxValue)]
    // off logs none
    [InlineData("off", 0)]
    [InlineData("3", 3)]
    public void FromConfig_LogDeadLetters_AcceptsCountOrSwitch(string value, int expected)
    {
        Assert.Equal(expected, Load("akka.log-dead-letters", value).Kernel.LogDeadLetters);
    }

    [Fact]
    public void GetMailbox_Unknown_Throws()
    {
        var settings = WeirSettings.FromConfig(ConfigLoader.LoadReference());
        var ex = Assert.Throws<ConfigurationException>(() => settings.Kernel.GetMailbox("nope-mailbox"));
        Assert.Contains("akka.actor.nope-mailbox", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfig_UserKeyInInheritingMailbox_OverridesOnlyThatKey()
    {
        var settings = Load("akka.actor.capture-mailbox.mailbox-capacity", "5");
        var capture = settings.Kernel.GetMailbox("capture-mailbox");
        Assert.Equal(new MailboxSettings("capture-mailbox", true, 5, TimeSpan.Zero, 30), capture);
        // monitor-mailbox = ${akka.actor.capture-mailbox} sees the final capture mailbox.
        Assert.Equal(5, settings.Kernel.GetMailbox("monitor-mailbox").Capacity);
        Assert.Equal(1000, settings.Kernel.DefaultMailbox.Capacity);
    }

    [Fact]
    public void FromConfig_UserMailboxChange_ReachesInheritingMailboxes()
    {
        // capture-mailbox = ${akka.actor.default-mailbox} { .. } inherits the throughput set by the user.
        var settings = Load("akka.actor.default-mailbox.throughput", "5");
        Assert.Equal(5, settings.Kernel.GetMailbox("capture-mailbox").Throughput);
        Assert.Equal(5, settings.Kernel.GetMailbox("monitor-mailbox").Throughput);
        Assert.True(settings.Kernel.GetMailbox("capture-mailbox").Bounded);
    }
}
