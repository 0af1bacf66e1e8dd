using System.Buffers.Binary;

namespace Weir.Engine.Capture;

/// <summary>Opens capture files; the format (pcap or pcapng, byte order, resolution) is detected from the magic.</summary>
public static class CaptureFile
{
    /// <summary>Largest captured length of one record accepted (tshark's limit); anything above is corruption.</summary>
    public const int MaxCapturedLength = 256 * 1024;

    /// <summary>Default number of frames <see cref="ICaptureSource.ReadBatch"/> delivers per call.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Length of the classic pcap file header.</summary>
    private const int PcapHeaderLength = 24;

    /// <summary>
    /// Opens <paramref name="path"/> as a pcap or pcapng source delivering up to <paramref name="batchSize"/>
    /// frames per <see cref="ICaptureSource.ReadBatch"/>.
    /// </summary>
    /// <exception cref="CaptureFileException">The file is not a capture file or its header is corrupt.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ICaptureSource Open(string path, int batchSize = DefaultBatchSize, int bufferSize = CaptureFileBuffer.DefaultSize)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        if (batchSize >= 1 && CaptureFileMapping.TryCreate(stream, PcapHeaderLength, PcapFileReader.IsPcapMagic, out CaptureFileMapping? mapping))
        {
            // A regular classic pcap file is mapped (frames are spans into the page cache); pcapng, pipes and
            // files too short for a header are streamed, which also gives them their usual errors.
            return new PcapFileReader(mapping!, path, batchSize);
        }

        return Open(stream, path, batchSize, bufferSize);
    }

    /// <summary>
    /// Opens a capture held in <paramref name="stream"/> (owned: disposed with the source); <paramref name="name"/>
    /// stands for the file in messages and in <see cref="CaptureFileException.FilePath"/>.
    /// </summary>
    /// <exception cref="CaptureFileException">The stream is not a capture file or its header is corrupt.</exception>
    public static ICaptureSource Open(Stream stream, string name, int batchSize = DefaultBatchSize, int bufferSize = CaptureFileBuffer.DefaultSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (batchSize < 1)
        {
            stream.Dispose();
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "at least one frame per batch");
        }

        var buffer = new CaptureFileBuffer(stream, name, bufferSize);
        int available = buffer.Ensure(4);
        if (available < 4)
        {
            buffer.Dispose();
            throw new CaptureFileException("file too short for a capture file header", name, available);
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(buffer.Available);
        if (magic == 0x0A0D0D0A)
        {
            return new PcapNgFileReader(buffer, name, batchSize);
        }

        return new PcapFileReader(buffer, name, batchSize);
    }
}
