namespace Weir.Host.Cli;

/// <summary>Process exit statuses, as the CLI conventions in DESIGN.md define them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The work ran but failed or was partial; the output says what was done.</summary>
    public const int Failed = 1;

    /// <summary>The command line or the configuration was wrong.</summary>
    public const int Usage = 2;
}
