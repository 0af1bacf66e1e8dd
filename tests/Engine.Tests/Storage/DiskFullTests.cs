using System.Diagnostics;
using Weir.Engine.Storage;
using Weir.Tests.Shared;

namespace Weir.Engine.Tests.Storage;

public sealed class DiskFullTests
{
    [SkippableFact]
    public void Write_DiskFull_ThrowsNamingThePathAndKeepsCommittedBlocks()
    {
        Requires.Root();
        string mount = Requires.Executable("mount");
        string umount = Requires.Executable("umount");
        string dir = Path.Combine(Path.GetTempPath(), "weir-full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        Exec(mount, "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir);
        try
        {
            var gen = new SyntheticFlowGenerator(2, "eth0");
            var start = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
            int committed = 0;
            FlowDbException? failure = null;
            using (var writer = new FlowDbWriter(dir))
            {
                for (int i = 0; i < 200 && failure is null; i++)
                {
                    try
                    {
                        writer.Write(gen.Block(start.AddMinutes(5 * i), TimeSpan.FromMinutes(5), 2000));
                        committed++;
                    }
                    catch (FlowDbException e)
                    {
                        failure = e;
                    }
                }
            }

            Assert.NotNull(failure);
            Assert.Contains("disk full", failure.Message, StringComparison.Ordinal);
            Assert.StartsWith(dir, failure.Path, StringComparison.Ordinal);
            Assert.True(committed > 0);

            using FlowDbReader reader = FlowDb.Open(dir);
            IReadOnlyList<FlowDbBlock> blocks = reader.ListBlocks("eth0", new DateOnly(2026, 11, 30));
            Assert.Equal(committed, blocks.Count);
            foreach (FlowDbBlock b in blocks)
            {
                using BlockColumns? c = reader.ReadBlock(b, FlowColumns.All);
                Assert.NotNull(c);
            }

            Assert.All(reader.Issues, i => Assert.Equal(FlowDbIssueKind.UncommittedData, i.Kind));
        }
        finally
        {
            Exec(umount, dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Exec(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: {p.StandardError.ReadToEnd()}");
    }
}
