using System.Text;

namespace Weir.Actors.Configuration;

/// <summary>Key paths: <c>a.b."c.d"</c> to and from segments.</summary>
internal static class HoconPath
{
    /// <summary>Splits a path expression as a getter receives it; quoted segments may hold dots.</summary>
    public static string[] Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = new List<string>();
        var current = new StringBuilder();
        var any = false;
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '"')
            {
                var end = path.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new ArgumentException($"path '{path}' has an unterminated quote", nameof(path));
                }

                current.Append(path, i + 1, end - i - 1);
                any = true;
                i = end;
            }
            else if (c == '.')
            {
                if (!any)
                {
                    throw new ArgumentException($"path '{path}' has an empty segment", nameof(path));
                }

                segments.Add(current.ToString());
                current.Clear();
                any = false;
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (!any)
        {
            throw new ArgumentException($"path '{path}' has an empty segment", nameof(path));
        }

        segments.Add(current.ToString());
        return [.. segments];
    }

    /// <summary>Joins segments, quoting those that would not read back as one segment.</summary>
    public static string Render(IEnumerable<string> segments) => string.Join('.', segments.Select(RenderSegment));

    /// <summary>One segment, quoted when it holds anything but letters, digits, <c>-</c> and <c>_</c>.</summary>
    public static string RenderSegment(string segment) =>
        segment.Length > 0 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && segment != "include"
            ? segment
            : HoconRenderer.Quote(segment);

    /// <summary>Whether <paramref name="prefix"/> equals the start of <paramref name="path"/>.</summary>
    public static bool StartsWith(IReadOnlyList<string> path, IReadOnlyList<string> prefix)
    {
        if (prefix.Count > path.Count)
        {
            return false;
        }

        for (var i = 0; i < prefix.Count; i++)
        {
            if (!string.Equals(path[i], prefix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><paramref name="path"/> plus <paramref name="key"/>.</summary>
    public static string[] Append(IReadOnlyList<string> path, string key)
    {
        var result = new string[path.Count + 1];
        for (var i = 0; i < path.Count; i++)
        {
            result[i] = path[i];
        }

        result[^1] = key;
        return result;
    }
}
