using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Weir.Actors.Configuration;
using Weir.Engine.Capture;
using Weir.Engine.Storage;

namespace Weir.Host.Cli;

/// <summary>
/// <c>weir import -r FILE --db DIR --iface NAME [--interval 300s]</c>: stores a capture file's flows in a flow
/// database, one block per interval of packet time, as a live capture would have rotated them.
/// </summary>
internal static class ImportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var read = new Option<string>("--read", "-r") { Description = "Capture file to import (pcap or pcapng).", Required = true, HelpName = "FILE" };
        var db = new Option<string>("--db") { Description = "Flow database directory (created when missing).", Required = true, HelpName = "DIR" };
        var iface = new Option<string>("--iface") { Description = "Interface name to store the flows under.", Required = true, HelpName = "NAME" };
        var interval = new Option<string>("--interval") { Description = "Rotation interval of packet time (default 300s).", DefaultValueFactory = _ => "300s", HelpName = "DURATION" };
        var command = new Command("import",
            "Store a capture file's flows in a flow database, one block per rotation interval of packet time.\n" +
            "Example: weir import -r trace.pcap --db data/db --iface eth0 --interval 300s")
        {
            read, db, iface, interval,
        };
        command.SetAction(parse =>
        {
            string text = parse.GetValue(interval)!;
            if (!ConfigUnits.TryParseDuration(text, allowInfinite: false, out TimeSpan every) || every < TimeSpan.FromSeconds(1))
            {
                return CliErrors.Usage($"'{text}' is not an interval of at least 1s (examples: 300s, 5m)", "--interval");
            }

            string name = parse.GetValue(iface)!;
            if (name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or "..")
            {
                return CliErrors.Usage($"'{name}' is not an interface name", "--iface");
            }

            return Run(parse.GetValue(read)!, parse.GetValue(db)!, name, every);
        });
        return command;
    }

    /// <summary>Imports <paramref name="path"/>; returns the exit status (1 when the file broke off: what was read is stored).</summary>
    internal static int Run(string path, string db, string iface, TimeSpan interval)
    {
        ICaptureSource? source = CaptureFileCli.Open(path, Console.Error, out int openExit);
        if (source is null)
        {
            return openExit;
        }

        string? error = null;
        var clock = Stopwatch.StartNew();
        long packets;
        CaptureImporter importer;
        try
        {
            using var writer = new FlowDbWriter(db);
            importer = new CaptureImporter(writer, iface, interval);
            var handler = new ImportFrameHandler(importer);
            using (source)
            using (var progress = ConsoleProgress.ForFile(path))
            {
                try
                {
                    while (source.ReadBatch(ref handler, CancellationToken.None) >= 0)
                    {
                        progress.Report(source.Stats.FramesDelivered, CaptureFileCli.Position(source));
                    }
                }
                catch (CaptureFileException e)
                {
                    error = e.Message;
                }

                packets = source.Stats.FramesDelivered;
            }

            // What was read before a corrupt record is stored too: the operator gets the flows up to the damage.
            importer.Flush();
        }
        catch (FlowDbException e)
        {
            return CliErrors.Failed(e.Message);
        }
        catch (IOException e)
        {
            return CliErrors.Failed($"cannot write the flow database ({e.Message}): {db}");
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported {packets:N0} packets from {path} into {db} ({iface}): {importer.BlocksWritten:N0} blocks, {importer.FlowsWritten:N0} flow rows, {clock.Elapsed.TotalSeconds:F2} s"));
        return error is null ? ExitCodes.Success : CliErrors.Failed(error + " (the packets before it were imported)");
    }

    private readonly struct ImportFrameHandler(CaptureImporter importer) : IFrameHandler
    {
        public void OnFrame(in Frame frame) => importer.Add(in frame);
    }
}
