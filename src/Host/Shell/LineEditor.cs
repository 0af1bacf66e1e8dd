using System.Text;

namespace Weir.Host.Shell;

/// <summary>
/// A small line editor over <see cref="Console.ReadKey(bool)"/>: insert and delete, cursor movement (arrows,
/// Home/End, Ctrl-A/E), Ctrl-U to clear, history (Up/Down), Tab completion, Ctrl-C to drop the line and Ctrl-D on an
/// empty line to leave. Redraws with ANSI sequences, which every terminal weir runs in understands.
/// </summary>
public sealed class LineEditor
{
    private readonly List<string> _history;
    private readonly Func<string, int, IReadOnlyList<string>> _complete;

    /// <summary>Creates the editor.</summary>
    /// <param name="history">Earlier lines, oldest first; entered lines are appended.</param>
    /// <param name="complete">Candidates for the word ending at the cursor: (line, cursor) → full replacement words.</param>
    public LineEditor(List<string> history, Func<string, int, IReadOnlyList<string>> complete)
    {
        _history = history;
        _complete = complete;
    }

    /// <summary>Reads one line after printing <paramref name="prompt"/>; null at end of input (Ctrl-D on an empty line).</summary>
    public string? ReadLine(string prompt)
    {
        var buffer = new StringBuilder();
        int cursor = 0;
        int historyIndex = _history.Count;
        string? pending = null;
        Console.Out.Write(prompt);
        Console.Out.Flush();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            bool ctrl = (key.Modifiers & ConsoleModifiers.Control) != 0;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.Out.Write("\r\n");
                    Console.Out.Flush();
                    return buffer.ToString();
                case ConsoleKey.Backspace:
                    if (cursor > 0)
                    {
                        buffer.Remove(--cursor, 1);
                    }

                    break;
                case ConsoleKey.Delete:
                    if (cursor < buffer.Length)
                    {
                        buffer.Remove(cursor, 1);
                    }

                    break;
                case ConsoleKey.LeftArrow:
                    cursor = Math.Max(0, cursor - 1);
                    break;
                case ConsoleKey.RightArrow:
                    cursor = Math.Min(buffer.Length, cursor + 1);
                    break;
                case ConsoleKey.Home:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                    cursor = buffer.Length;
                    break;
                case ConsoleKey.UpArrow or ConsoleKey.DownArrow:
                    int next = historyIndex + (key.Key == ConsoleKey.UpArrow ? -1 : 1);
                    if (next >= 0 && next <= _history.Count)
                    {
                        if (historyIndex == _history.Count)
                        {
                            pending = buffer.ToString();
                        }

                        historyIndex = next;
                        buffer.Clear().Append(next == _history.Count ? pending ?? "" : _history[next]);
                        cursor = buffer.Length;
                    }

                    break;
                case ConsoleKey.Tab:
                    cursor = Complete(buffer, cursor, prompt);
                    break;
                case ConsoleKey.A when ctrl:
                    cursor = 0;
                    break;
                case ConsoleKey.E when ctrl:
                    cursor = buffer.Length;
                    break;
                case ConsoleKey.U when ctrl:
                    buffer.Clear();
                    cursor = 0;
                    break;
                case ConsoleKey.C when ctrl:
                    Console.Out.Write("^C\r\n");
                    buffer.Clear();
                    cursor = 0;
                    historyIndex = _history.Count;
                    Console.Out.Write(prompt);
                    Console.Out.Flush();
                    continue;
                case ConsoleKey.D when ctrl:
                    if (buffer.Length == 0)
                    {
                        Console.Out.Write("\r\n");
                        Console.Out.Flush();
                        return null;
                    }

                    break;
                default:
                    if (key.KeyChar >= ' ' && !ctrl)
                    {
                        buffer.Insert(cursor++, key.KeyChar);
                    }

                    break;
            }

            Redraw(prompt, buffer, cursor);
        }
    }

    /// <summary>The longest prefix every candidate shares.</summary>
    public static string CommonPrefix(IReadOnlyList<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            return "";
        }

        string prefix = candidates[0];
        foreach (string c in candidates)
        {
            int n = 0;
            while (n < prefix.Length && n < c.Length && prefix[n] == c[n])
            {
                n++;
            }

            prefix = prefix[..n];
        }

        return prefix;
    }

    private static void Redraw(string prompt, StringBuilder buffer, int cursor)
    {
        var sb = new StringBuilder();
        sb.Append('\r').Append(prompt).Append(buffer).Append("\u001b[K");
        int back = buffer.Length - cursor;
        if (back > 0)
        {
            sb.Append("\u001b[").Append(back).Append('D');
        }

        Console.Out.Write(sb.ToString());
        Console.Out.Flush();
    }

    private int Complete(StringBuilder buffer, int cursor, string prompt)
    {
        string line = buffer.ToString();
        int start = cursor;
        while (start > 0 && line[start - 1] != ' ')
        {
            start--;
        }

        string word = line[start..cursor];
        var candidates = _complete(line[..cursor], cursor).Where(c => c.StartsWith(word, StringComparison.Ordinal)).Distinct().ToList();
        if (candidates.Count == 0)
        {
            return cursor;
        }

        string replacement = candidates.Count == 1 ? candidates[0] + " " : CommonPrefix(candidates);
        if (candidates.Count > 1 && replacement.Length == word.Length)
        {
            // Nothing more to add: show the choices, then the line again.
            Console.Out.Write("\r\n" + string.Join("  ", candidates) + "\r\n" + prompt);
        }

        buffer.Remove(start, cursor - start).Insert(start, replacement);
        return start + replacement.Length;
    }
}
