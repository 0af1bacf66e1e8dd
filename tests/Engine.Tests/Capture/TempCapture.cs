namespace Weir.Engine.Tests.Capture;

/// <summary>A capture file written to a temporary path and deleted on dispose.</summary>
public sealed class TempCapture : IDisposable
{
    public TempCapture(byte[] contents, string extension = ".pcap")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "weir-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(Path, contents);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
