using System.Text;
using Weir.Actors.Kernel;

namespace Weir.Host.Run;

/// <summary>An actor-hierarchy walk (Petabridge.Cmd's <c>actor hierarchy</c>).</summary>
public static class ActorTree
{
    /// <summary>Every actor under <c>/</c> (the root itself excluded), depth first, with its depth below the root (1 for <c>/user</c>).</summary>
    public static IReadOnlyList<(string Path, int Depth)> Walk(ActorSystem system, int maxDepth = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(system);
        var result = new List<(string, int)>();
        Visit(system, system.RootGuardian, 0, maxDepth, result);
        return result;
    }

    /// <summary>The walk as an indented tree, one actor a line (<c>/user/capture/eth0</c>).</summary>
    public static string Render(IReadOnlyList<(string Path, int Depth)> actors)
    {
        ArgumentNullException.ThrowIfNull(actors);
        var sb = new StringBuilder();
        foreach (var (path, depth) in actors)
        {
            sb.Append(' ', (depth - 1) * 2).Append(path).Append('\n');
        }

        return sb.ToString();
    }

    private static void Visit(ActorSystem system, IActorRef actor, int depth, int maxDepth, List<(string, int)> result)
    {
        if (depth >= maxDepth)
        {
            return;
        }

        foreach (var child in system.GetChildren(actor).OrderBy(c => c.Path.Name, StringComparer.Ordinal))
        {
            result.Add(("/" + string.Join('/', child.Path.Elements), depth + 1));
            Visit(system, child, depth + 1, maxDepth, result);
        }
    }
}
