using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Weir.Actors.Configuration;

/// <summary>
/// Recursive-descent HOCON reader: text to <see cref="HoconObjectLiteral"/>. Splices includes in place, keeps the
/// origin (file, line) of every value, and reports syntax errors as <c>file:line:column: what</c>.
/// </summary>
internal sealed class HoconParser
{
    // Characters HOCON forbids in unquoted text (besides whitespace); '+' is allowed inside values (1e+5).
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _originName;
    private readonly string? _baseDirectory;
    private readonly IReadOnlyCollection<string> _includeStack;
    private readonly List<string> _prefix = [];
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private HoconParser(string text, string originName, string? baseDirectory, IReadOnlyCollection<string> includeStack)
    {
        _text = text;
        _originName = originName;
        _baseDirectory = baseDirectory;
        _includeStack = includeStack;
    }

    /// <summary>Parses a whole document.</summary>
    /// <param name="text">The HOCON text.</param>
    /// <param name="originName">The name errors and origins use (a file path as the caller gave it).</param>
    /// <param name="baseDirectory">Where relative includes are looked up; null for the current directory.</param>
    /// <param name="file">The file the text was read from, so that including it again is reported as a cycle.</param>
    public static HoconObjectLiteral Parse(string text, string originName, string? baseDirectory, string? file = null) =>
        Parse(text, originName, baseDirectory, file is null ? [] : [System.IO.Path.GetFullPath(file)]);

    private static HoconObjectLiteral Parse(string text, string originName, string? baseDirectory, IReadOnlyCollection<string> includeStack)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new HoconParser(text, originName, baseDirectory, includeStack).ParseDocument();
    }

    private ConfigOrigin Here => new(_originName, _line, _pos - _lineStart + 1);

    private bool AtEnd => _pos >= _text.Length;

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private void Advance()
    {
        if (_text[_pos] == '\n')
        {
            _line++;
            _lineStart = _pos + 1;
        }

        _pos++;
    }

    private HoconObjectLiteral ParseDocument()
    {
        SkipBlank(newlines: true);
        var origin = Here.WithoutColumn();
        if (Peek() == '{')
        {
            Advance();
            var fields = ParseObjectBody(braced: true, origin);
            SkipBlank(newlines: true);
            if (!AtEnd)
            {
                Fail($"unexpected {DescribeHere()} after the closing '}}' of the root object");
            }

            return new HoconObjectLiteral(origin, fields);
        }

        if (Peek() == '[')
        {
            Fail("a configuration file must be an object, not a list");
        }

        return new HoconObjectLiteral(origin, ParseObjectBody(braced: false, origin));
    }

    private List<HoconField> ParseObjectBody(bool braced, ConfigOrigin opened)
    {
        var fields = new List<HoconField>();
        while (true)
        {
            SkipBlank(newlines: true);
            if (AtEnd)
            {
                if (braced)
                {
                    Fail($"expected '}}' to close the object opened at line {opened.Line}, got the end of the file");
                }

                return fields;
            }

            var c = Peek();
            if (c == '}')
            {
                if (!braced)
                {
                    Fail("unexpected '}' with no object open");
                }

                Advance();
                return fields;
            }

            if (c == ',')
            {
                Fail("unexpected ',' (a field is missing, or there are two commas)");
            }

            string what;
            if (IsIncludeStart())
            {
                fields.AddRange(ParseInclude());
                what = "the include";
            }
            else
            {
                var field = ParseField();
                fields.Add(field);
                what = $"the value of '{HoconPath.Render(field.Path)}'";
            }

            SkipBlank(newlines: false);
            c = Peek();
            if (c == ',')
            {
                Advance();
            }
            else if (!AtEnd && c != '\n' && c != '}')
            {
                Fail($"expected ',' or a new line after {what}, got {DescribeHere()}");
            }
        }
    }

    private HoconField ParseField()
    {
        var keyOrigin = Here.WithoutColumn();
        var path = ParsePathExpression(inSubstitution: false);
        SkipSpaces();
        var c = Peek();
        var append = false;
        if (c is '=' or ':')
        {
            Advance();
        }
        else if (c == '+' && Peek(1) == '=')
        {
            Advance();
            Advance();
            append = true;
        }
        else if (c != '{')
        {
            var hint = !AtEnd && c is not ('\n' or '}' or ',' or '"') && Forbidden.Contains(c, StringComparison.Ordinal)
                ? $" (quote a key that contains '{c}', like \"/capture/*\")"
                : "";
            Fail($"expected '=', ':', '+=' or '{{' after the key '{HoconPath.Render(path)}', got {DescribeHere()}{hint}");
        }

        SkipSpaces();
        while (Peek() == '\n' && c != '{')
        {
            Advance();
            SkipSpaces();
        }

        // Includes inside the value are re-rooted under the key (see ParseInclude).
        _prefix.AddRange(path);
        var value = ParseValue();
        _prefix.RemoveRange(_prefix.Count - path.Length, path.Length);
        if (value is null)
        {
            Fail($"missing value for the key '{HoconPath.Render(path)}'");
        }

        return new HoconField(path, value, append, keyOrigin);
    }

    /// <summary>A key (<c>a.b."c.d"</c>, <c>"/capture/*"</c>) or the path inside <c>${..}</c>.</summary>
    private string[] ParsePathExpression(bool inSubstitution)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        var any = false;
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '"')
            {
                if (Peek(1) == '"' && Peek(2) == '"')
                {
                    Fail("a key cannot be a triple-quoted string");
                }

                current.Append(ParseQuoted());
                any = true;
            }
            else if (c == '.')
            {
                if (!any)
                {
                    Fail("empty segment in a key (two dots, or a dot at the start)");
                }

                Advance();
                segments.Add(current.ToString());
                current.Clear();
                any = false;
            }
            else if (IsSpace(c))
            {
                // Whitespace inside a key is kept only when more key text follows on the line.
                var start = _pos;
                SkipSpaces();
                var next = Peek();
                if (AtEnd || next is '=' or ':' or '{' or '}' or '\n' or '#' || (next == '+' && Peek(1) == '=') || IsCommentStart() || inSubstitution)
                {
                    break;
                }

                current.Append(_text, start, _pos - start);
            }
            else if (IsUnquotedChar(c) && !IsCommentStart())
            {
                while (!AtEnd && IsUnquotedChar(Peek()) && Peek() != '.' && !IsCommentStart())
                {
                    current.Append(Peek());
                    Advance();
                }

                any = true;
            }
            else
            {
                break;
            }
        }

        if (!any)
        {
            if (segments.Count == 0 && current.Length == 0)
            {
                Fail(inSubstitution ? $"expected a path in the substitution, got {DescribeHere()}" : $"expected a key, got {DescribeHere()}");
            }

            Fail("a key cannot end with a dot");
        }

        segments.Add(current.ToString());
        return [.. segments];
    }

    /// <summary>A value up to the end of the line, a ',' or a closing bracket; null when there is none.</summary>
    private HoconNode? ParseValue()
    {
        var origin = Here.WithoutColumn();
        var parts = new List<HoconNode>();
        while (!AtEnd)
        {
            var c = Peek();
            if (c is '\n' or ',' or '}' or ']' or '#' || IsCommentStart())
            {
                break;
            }

            if (IsSpace(c))
            {
                var wsOrigin = Here.WithoutColumn();
                var start = _pos;
                SkipSpaces();
                var next = Peek();
                if (AtEnd || next is '\n' or ',' or '}' or ']' or '#' || IsCommentStart())
                {
                    break;
                }

                if (parts.Count > 0)
                {
                    parts.Add(new HoconTextNode(wsOrigin, _text[start.._pos], quoted: false, whitespace: true));
                }

                continue;
            }

            var partOrigin = Here.WithoutColumn();
            if (c == '"')
            {
                var text = Peek(1) == '"' && Peek(2) == '"' ? ParseTripleQuoted() : ParseQuoted();
                parts.Add(new HoconTextNode(partOrigin, text, quoted: true));
            }
            else if (c == '{')
            {
                Advance();
                parts.Add(new HoconObjectLiteral(partOrigin, ParseObjectBody(braced: true, partOrigin)));
            }
            else if (c == '[')
            {
                parts.Add(ParseList());
            }
            else if (c == '$')
            {
                if (Peek(1) != '{')
                {
                    Fail("unexpected '$' (a substitution is written ${path}; quote a literal '$')");
                }

                parts.Add(ParseSubstitution());
            }
            else if (c == '+' && Peek(1) == '=')
            {
                Fail("unexpected '+=' in a value (a key is written before '+=')");
            }
            else if (IsUnquotedChar(c) || c == '+')
            {
                var start = _pos;
                while (!AtEnd && (IsUnquotedChar(Peek()) || (Peek() == '+' && Peek(1) != '=')) && !IsCommentStart())
                {
                    Advance();
                }

                parts.Add(new HoconTextNode(partOrigin, _text[start.._pos], quoted: false));
            }
            else
            {
                Fail($"unexpected {DescribeHere()} in a value; quote the string if it is meant literally");
            }
        }

        if (parts.Count == 0)
        {
            return null;
        }

        if (parts.Count == 1)
        {
            return parts[0] is HoconTextNode { Quoted: false, Text: "null" } ? new HoconNullNode(parts[0].Origin) : parts[0];
        }

        return new HoconConcatNode(origin, parts);
    }

    private HoconListNode ParseList()
    {
        var origin = Here.WithoutColumn();
        var openLine = _line;
        Advance();
        var items = new List<HoconNode>();
        while (true)
        {
            SkipBlank(newlines: true);
            if (AtEnd)
            {
                Fail($"expected ']' to close the list opened at line {openLine}, got the end of the file");
            }

            var c = Peek();
            if (c == ']')
            {
                Advance();
                return new HoconListNode(origin, items);
            }

            if (c == ',')
            {
                Fail("unexpected ',' in a list (an element is missing, or there are two commas)");
            }

            var item = ParseValue();
            if (item is null)
            {
                Fail($"unexpected {DescribeHere()} in a list");
            }

            items.Add(item);
            SkipBlank(newlines: false);
            c = Peek();
            if (c == ',')
            {
                Advance();
            }
            else if (!AtEnd && c != '\n' && c != ']')
            {
                Fail($"expected ',', a new line or ']' after a list element, got {DescribeHere()}");
            }
        }
    }

    private HoconSubstitutionNode ParseSubstitution()
    {
        var origin = Here;
        Advance();
        Advance();
        var optional = false;
        if (Peek() == '?')
        {
            Advance();
            optional = true;
        }

        SkipSpaces();
        var path = ParsePathExpression(inSubstitution: true);
        SkipSpaces();
        if (Peek() != '}')
        {
            Fail($"expected '}}' to close the substitution, got {DescribeHere()}");
        }

        Advance();
        return new HoconSubstitutionNode(origin, path, optional);
    }

    private string ParseQuoted()
    {
        var start = Here;
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek() == '\n')
            {
                Fail($"unterminated string (opened at column {start.Column})");
            }

            var c = Peek();
            Advance();
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (AtEnd)
            {
                Fail("unterminated string after '\\'");
            }

            var e = Peek();
            Advance();
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    ushort code = 0;
                    if (_pos + 4 > _text.Length ||
                        !ushort.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                    {
                        Fail("expected four hex digits after '\\u'");
                    }

                    sb.Append((char)code);
                    for (var i = 0; i < 4; i++)
                    {
                        Advance();
                    }

                    break;
                default:
                    _pos--;
                    Fail($"unknown escape '\\{e}' in a string (write '\\\\' for a backslash)");
                    break;
            }
        }
    }

    private string ParseTripleQuoted()
    {
        var openLine = _line;
        Advance();
        Advance();
        Advance();
        var start = _pos;
        while (true)
        {
            if (AtEnd)
            {
                Fail($"unterminated triple-quoted string (opened at line {openLine})");
            }

            if (Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                // The closing delimiter is the last three of a run of quotes: """a"""" is a".
                var run = 3;
                while (Peek(run) == '"')
                {
                    run++;
                }

                var text = _text[start.._pos] + new string('"', run - 3);
                for (var i = 0; i < run; i++)
                {
                    Advance();
                }

                return text;
            }

            Advance();
        }
    }

    private bool IsIncludeStart()
    {
        if (string.CompareOrdinal(_text, _pos, "include", 0, 7) != 0)
        {
            return false;
        }

        var i = _pos + 7;
        if (i >= _text.Length || !IsSpace(_text[i]))
        {
            return false;
        }

        while (i < _text.Length && IsSpace(_text[i]))
        {
            i++;
        }

        return i < _text.Length && (_text[i] == '"' || MatchesAt(i, "required(") || MatchesAt(i, "file(") ||
                                    MatchesAt(i, "url(") || MatchesAt(i, "classpath("));
    }

    private bool MatchesAt(int index, string word) => string.CompareOrdinal(_text, index, word, 0, word.Length) == 0;

    private List<HoconField> ParseInclude()
    {
        var origin = Here;
        _pos += 7;
        SkipSpaces();
        var required = false;
        if (MatchesAt(_pos, "required("))
        {
            required = true;
            _pos += 9;
            SkipSpaces();
        }

        var name = ParseIncludeResource();
        if (required)
        {
            SkipSpaces();
            Expect(')', "to close required(");
        }

        var fullPath = _baseDirectory is null || System.IO.Path.IsPathRooted(name) ? name : System.IO.Path.Combine(_baseDirectory, name);
        var absolute = System.IO.Path.GetFullPath(fullPath);
        if (_includeStack.Contains(absolute))
        {
            throw new ConfigurationException($"{origin}: include cycle: '{name}' includes itself", null, origin);
        }

        if (!File.Exists(absolute))
        {
            if (required)
            {
                throw new ConfigurationException($"{origin}: required include '{name}' not found (looked for {absolute})", null, origin);
            }

            return [];
        }

        string text;
        try
        {
            text = File.ReadAllText(absolute);
        }
        catch (IOException ex)
        {
            throw new ConfigurationException($"{origin}: cannot read included '{name}': {ex.Message}", ex);
        }

        var stack = new List<string>(_includeStack) { absolute };
        var literal = Parse(text, fullPath, System.IO.Path.GetDirectoryName(fullPath) is { Length: > 0 } dir ? dir : null, stack);
        if (_prefix.Count == 0)
        {
            return [.. literal.Fields];
        }

        // Inside foo { include "x" }, x's ${bar} means ${foo.bar} when that exists, else ${bar} (HOCON spec).
        return [.. literal.Fields.Select(f => f with { Value = Reroot(f.Value, [.. _prefix]) })];
    }

    private static HoconNode Reroot(HoconNode node, string[] prefix) => node switch
    {
        HoconSubstitutionNode subst => new HoconSubstitutionNode(subst.Origin, [.. prefix, .. subst.Path], subst.Optional,
            alternativePath: subst.AlternativePath ?? subst.Path),
        HoconObjectLiteral obj => new HoconObjectLiteral(obj.Origin, [.. obj.Fields.Select(f => f with { Value = Reroot(f.Value, prefix) })]),
        HoconListNode list => new HoconListNode(list.Origin, [.. list.Items.Select(i => Reroot(i, prefix))]),
        HoconConcatNode concat => new HoconConcatNode(concat.Origin, [.. concat.Parts.Select(p => Reroot(p, prefix))]),
        _ => node,
    };

    private string ParseIncludeResource()
    {
        if (Peek() == '"')
        {
            return ParseQuoted();
        }

        if (MatchesAt(_pos, "file("))
        {
            _pos += 5;
            SkipSpaces();
            if (Peek() != '"')
            {
                Fail("expected a quoted file name in file(..)");
            }

            var name = ParseQuoted();
            SkipSpaces();
            Expect(')', "to close file(");
            return name;
        }

        if (MatchesAt(_pos, "url(") || MatchesAt(_pos, "classpath("))
        {
            Fail("only file includes are supported (include \"f.conf\" or include file(\"f.conf\"))");
        }

        Fail($"expected a quoted file name or file(\"..\") after include, got {DescribeHere()}");
        return null;
    }

    private void Expect(char c, string why)
    {
        if (Peek() != c)
        {
            Fail($"expected '{c}' {why}, got {DescribeHere()}");
        }

        Advance();
    }

    private bool IsCommentStart() => Peek() == '/' && Peek(1) == '/';

    private static bool IsSpace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    private static bool IsUnquotedChar(char c) => !IsSpace(c) && c != '\n' && Forbidden.IndexOf(c, StringComparison.Ordinal) < 0;

    private void SkipSpaces()
    {
        while (!AtEnd && IsSpace(Peek()))
        {
            Advance();
        }
    }

    /// <summary>Skips spaces and comments, and newlines too when <paramref name="newlines"/> is set.</summary>
    private void SkipBlank(bool newlines)
    {
        while (!AtEnd)
        {
            var c = Peek();
            if (IsSpace(c) || (newlines && c == '\n'))
            {
                Advance();
            }
            else if (c == '#' || IsCommentStart())
            {
                while (!AtEnd && Peek() != '\n')
                {
                    Advance();
                }
            }
            else
            {
                return;
            }
        }
    }

    private string DescribeHere()
    {
        if (AtEnd)
        {
            return "the end of the file";
        }

        var c = Peek();
        return c == '\n' ? "the end of the line" : $"'{c}'";
    }

    [DoesNotReturn]
    private void Fail(string message)
    {
        var origin = Here;
        throw new ConfigurationException($"{origin}: {message}", null, origin);
    }
}
