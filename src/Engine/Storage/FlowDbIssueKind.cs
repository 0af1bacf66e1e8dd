namespace Weir.Engine.Storage;

/// <summary>What was wrong with a part of the flow database that a reader skipped.</summary>
public enum FlowDbIssueKind
{
    /// <summary>A column file is shorter than the block's metadata says (truncated or torn write).</summary>
    TruncatedColumn,

    /// <summary>A column's checksum does not match its stored bytes.</summary>
    ChecksumMismatch,

    /// <summary>A column decompressed or decoded to something other than the block's metadata describes.</summary>
    CorruptColumn,

    /// <summary>A day's block metadata file is unreadable or fails its checksum.</summary>
    CorruptMetadata,

    /// <summary>A day directory holds column files but no block metadata.</summary>
    MissingMetadata,

    /// <summary>Column files hold bytes after the last committed block while no writer is active: a write was interrupted.</summary>
    UncommittedData,

    /// <summary>A column was written with a codec this machine cannot decode (e.g. libzstd missing).</summary>
    CodecUnavailable,

    /// <summary>An interface's day summary file is unreadable; the days were listed from their metadata instead.</summary>
    CorruptSummary,

    /// <summary>A day's talkers roll-up is damaged or does not match the day's blocks; it was ignored and the blocks
    /// were scanned instead (a warning: the answer is complete).</summary>
    BadRollup,
}
