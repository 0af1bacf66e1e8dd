using System.Buffers.Binary;

namespace Weir.Engine.Capture;

/// <summary>Opens capture files; the format (pcap or pcapng, byte order, resolution) is detected from the magic.</summary>
public static class CaptureFile
{
    /// <summary>Largest captured length of one record accepted (tshark's limit); anything above is corruption.</summary>
    public const int MaxCapturedLength = 256 * 1024;

    /// <summary>Default number of frames <see cref="ICaptureSource.ReadBatch"/> delivers per call.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>
    /// Opens <paramref name="path"/> as a pcap or pcapng source delivering up to <paramref name="batchSize"/>
    /// frames per <see cref="ICaptureSource.ReadBatch"/>.
    /// </summary>
    /// <exception cref="CaptureFileException">The file is not a capture file or its header is corrupt.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ICaptureSource Open(string path, int batchSize = DefaultBatchSize, int bufferSize = CaptureFileBuffer.DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new CaptureFileBuffer(stream, path, bufferSize);
        int available = buffer.Ensure(4);
        if (available < 4)
        {
            buffer.Dispose();
            throw new CaptureFileException("file too short for a capture file header", path, available);
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(buffer.Available);
        if (magic == 0x0A0D0D0A)
        {
            return new PcapNgFileReader(buffer, path, batchSize);
        }

        return new PcapFileReader(buffer, path, batchSize);
    }
}
