using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Weir.Engine.Capture;
using Weir.Engine.Packets.Dissection;

namespace Weir.Host.Cli;

/// <summary><c>weir dissect -r FILE [--json] [-c COUNT]</c>: decodes the packets of a capture file for people.</summary>
public static class DissectCommand
{
    /// <summary>Creates the <c>dissect</c> command.</summary>
    public static Command Create()
    {
        var read = new Option<string>("--read", "-r")
        {
            Description = "Capture file to read (pcap or pcapng; the format is detected).",
            Required = true,
            HelpName = "FILE",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object per packet (JSON lines) with every decoded layer, instead of one-line summaries.",
        };
        var count = new Option<int?>("--count", "-c")
        {
            Description = "Stop after COUNT packets.",
            HelpName = "COUNT",
        };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--count must be at least 1");
            }
        });

        var command = new Command("dissect",
            "Decode the packets of a capture file: one connection summary per line, or JSON with one entry per layer.\n" +
            "Examples:\n" +
            "  weir dissect -r capture.pcap -c 20\n" +
            "  weir dissect -r capture.pcapng --json | jq -r .summary")
        {
            read, json, count,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(read)!, parseResult.GetValue(json), parseResult.GetValue(count),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>
    /// Dissects <paramref name="path"/> to <paramref name="output"/>; returns <see cref="ExitCodes.Success"/>, or
    /// <see cref="ExitCodes.Failed"/> after printing <c>weir: &lt;what&gt;: &lt;file&gt; at byte offset N</c> to
    /// <paramref name="error"/> when the file cannot be opened or is corrupt (packets before the error are printed).
    /// </summary>
    public static int Run(string path, bool json, int? count, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ICaptureSource? source = CaptureFileCli.Open(path, error, out int openExit);
        if (source is null)
        {
            return openExit;
        }

        var state = new DissectState(output, json, count ?? long.MaxValue);
        using (source)
        {
            var handler = new Handler(state);
            try
            {
                while (!state.Done && source.ReadBatch(ref handler, CancellationToken.None) >= 0)
                {
                }
            }
            catch (CaptureFileException e)
            {
                output.Flush();
                error.WriteLine("weir: " + e.Message);
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"weir: {state.Number} packets were read before the error"));
                return ExitCodes.Failed;
            }
        }

        output.Flush();
        return ExitCodes.Success;
    }

    /// <summary>What the per-frame handler needs; a class so the struct handler can carry it by reference.</summary>
    private sealed class DissectState(TextWriter output, bool json, long limit)
    {
        private readonly ArrayBufferWriter<byte> _jsonBuffer = new(1024);
        private readonly StringBuilder _line = new(128);
        private Utf8JsonWriter? _jsonWriter;

        public long Number { get; private set; }

        public bool Done => Number >= limit;

        public void Write(in Frame frame)
        {
            if (Done)
            {
                return;
            }

            Number++;
            PacketDissection dissection = PacketDissector.Dissect(frame.Data, frame.LinkType);
            if (json)
            {
                _jsonBuffer.ResetWrittenCount();
                if (_jsonWriter is null)
                {
                    // Relaxed escaping keeps "->" and addresses readable; the output is JSON lines, not HTML.
                    _jsonWriter = new Utf8JsonWriter(_jsonBuffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                }
                else
                {
                    _jsonWriter.Reset(_jsonBuffer);
                }

                dissection.WriteJson(_jsonWriter, frame.TimestampNs, frame.OriginalLength, frame.Data.Length, Number);
                _jsonWriter.Flush();
                output.WriteLine(Encoding.UTF8.GetString(_jsonBuffer.WrittenSpan));
                return;
            }

            _line.Clear();
            _line.Append(Number).Append(' ').Append(PacketDissection.FormatTime(frame.TimestampNs)).Append(' ')
                .Append(frame.OriginalLength).Append(' ');
            dissection.AppendSummary(_line);
            output.WriteLine(_line);
        }
    }

    private readonly struct Handler(DissectState state) : IFrameHandler
    {
        public void OnFrame(in Frame frame) => state.Write(in frame);
    }
}
