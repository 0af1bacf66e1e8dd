namespace Weir.Actors.Kernel;

/// <summary>Prints log events on standard output (on the publisher's thread, one line per event).</summary>
internal static class StandardOutLogger
{
    private static readonly object s_lock = new();

    public static CallbackActorRef Create(ActorPath path) => new(path, static (message, _) =>
    {
        if (message is LogEvent e)
        {
            lock (s_lock)
            {
                Console.Out.WriteLine(e.ToString());
            }
        }
    });
}
