using System.Globalization;

namespace Weir.Actors.Configuration;

/// <summary>
/// An immutable configuration tree, read like Akka's <c>Config</c>: the lenient getters return the default when a
/// path is missing (or <c>null</c>) and throw <see cref="ConfigurationException"/> only when a value is there but
/// malformed; the <c>…Strict</c> getters also throw when the key is missing. Every error names the full key path,
/// the file and the line. Paths are dotted (<c>weir.capture.ring.block-size</c>); quote a segment that holds a dot
/// (<c>akka.actor."/capture/*".mailbox</c>).
/// </summary>
/// <remarks>
/// A configuration parsed with <c>resolve: false</c> keeps its substitutions so that layers can be combined with
/// <see cref="WithFallback(Config)"/> first and resolved once, against the final tree, with
/// <see cref="Resolve()"/>. Its getters throw <see cref="InvalidOperationException"/> until then.
/// </remarks>
public sealed class Config
{
    private readonly HoconObjectNode? _raw;
    private readonly ConfigObject? _root;
    private readonly string[] _prefix;
    private readonly IReadOnlyList<string> _sources;
    private readonly HashSet<string>? _readLog;

    private Config(HoconObjectNode? raw, ConfigObject? root, string[] prefix, IReadOnlyList<string> sources, HashSet<string>? readLog)
    {
        _raw = raw;
        _root = root;
        _prefix = prefix;
        _sources = sources;
        _readLog = readLog;
    }

    /// <summary>A configuration with no keys.</summary>
    public static Config Empty { get; } = new(
        new HoconObjectNode(new ConfigOrigin("empty", 0)),
        new ConfigObject(new ConfigOrigin("empty", 0), new OrderedDictionary<string, ConfigValue>()), [], [], null);

    /// <summary>The files (origin names) this configuration was read from, highest priority first.</summary>
    public IReadOnlyList<string> Sources => _sources;

    /// <summary>Whether substitutions have been resolved (so the getters work).</summary>
    public bool IsResolved => _root is not null;

    /// <summary>Whether there are no keys.</summary>
    public bool IsEmpty => Root.Fields.Count == 0;

    /// <summary>The resolved root object.</summary>
    public ConfigObject Root => _root ?? throw new InvalidOperationException(
        "this configuration has unresolved substitutions: call Resolve() after layering it with WithFallback");

    /// <summary>The path of this configuration inside the one it was taken from by <see cref="GetConfig(string)"/>.</summary>
    public string Path => HoconPath.Render(_prefix);

    internal static Config FromRaw(HoconObjectNode raw, IReadOnlyList<string> sources, bool resolve) =>
        new(raw, resolve ? HoconResolver.Resolve(raw) : null, [], sources, null);

    /// <summary>Resolves substitutions against this tree (and the environment); a resolved configuration returns itself.</summary>
    public Config Resolve() => IsResolved ? this : Resolve(null);

    /// <summary>Resolves with <paramref name="environment"/> in place of the process environment (for tests).</summary>
    internal Config Resolve(Func<string, string?>? environment) =>
        new(RawTree, HoconResolver.Resolve(RawTree, environment), _prefix, _sources, _readLog);

    private HoconObjectNode RawTree => _raw ?? (HoconObjectNode)HoconMerger.ToNode(Root);

    /// <summary>
    /// This configuration over <paramref name="fallback"/>: keys here win, objects merge recursively. Substitutions
    /// are resolved against the combined tree, so <c>${weir.data-dir}</c> in the fallback sees the value set here.
    /// The result is resolved when both inputs are.
    /// </summary>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        var raw = HoconMerger.WithFallback(RawTree, fallback.RawTree);
        var sources = _sources.Concat(fallback._sources).Distinct().ToArray();
        var resolved = IsResolved && fallback.IsResolved ? HoconResolver.Resolve(raw) : null;
        return new Config(raw, resolved, _prefix, sources, _readLog);
    }

    /// <summary>A copy that records every full path its getters (and those of its sub-configurations) read.</summary>
    internal Config WithReadLog(HashSet<string> readLog) => new(_raw, _root, _prefix, _sources, readLog);

    /// <summary>Whether <paramref name="path"/> holds a value other than <c>null</c>.</summary>
    public bool HasPath(string path) => Find(path) is not (null or ConfigNull);

    /// <summary>The value at <paramref name="path"/>, or null when missing.</summary>
    public ConfigValue? GetValue(string path) => Find(path) is { } v and not ConfigNull ? v : null;

    /// <summary>Where the value at <paramref name="path"/> was written, or null when missing.</summary>
    public ConfigOrigin? GetOrigin(string path) => Find(path)?.Origin;

    /// <summary>The keys of the object at <paramref name="path"/> (the root when null), in order; none when missing.</summary>
    public IReadOnlyList<string> GetKeys(string? path = null)
    {
        var value = path is null ? Root : Find(path);
        return value is ConfigObject obj ? [.. obj.Keys] : [];
    }

    /// <summary>The object at <paramref name="path"/> as a configuration; an empty one when missing.</summary>
    public Config GetConfig(string path)
    {
        var segments = HoconPath.Parse(path);
        var value = Find(path);
        if (value is not (null or ConfigNull or ConfigObject))
        {
            throw TypeError(path, "an object", value);
        }

        var obj = value as ConfigObject ?? (ConfigObject)Empty.Root;
        return new Config(null, obj, [.. _prefix, .. segments], _sources, _readLog);
    }

    /// <summary>The text at <paramref name="path"/>, or <paramref name="default"/> when missing.</summary>
    public string? GetString(string path, string? @default = null) => Find(path) is { } v and not ConfigNull ? AsString(path, v) : @default;

    /// <summary>The 32-bit integer at <paramref name="path"/>, or <paramref name="default"/> when missing.</summary>
    public int GetInt(string path, int @default = 0) => Find(path) is { } v and not ConfigNull ? AsInt(path, v) : @default;

    /// <summary>The 64-bit integer at <paramref name="path"/>, or <paramref name="default"/> when missing.</summary>
    public long GetLong(string path, long @default = 0) => Find(path) is { } v and not ConfigNull ? AsLong(path, v) : @default;

    /// <summary>The number at <paramref name="path"/>, or <paramref name="default"/> when missing.</summary>
    public double GetDouble(string path, double @default = 0) => Find(path) is { } v and not ConfigNull ? AsDouble(path, v) : @default;

    /// <summary>The boolean (<c>on/off/true/false/yes/no</c>) at <paramref name="path"/>, or <paramref name="default"/> when missing.</summary>
    public bool GetBoolean(string path, bool @default = false) => Find(path) is { } v and not ConfigNull ? AsBoolean(path, v) : @default;

    /// <summary>
    /// The duration at <paramref name="path"/> (<c>100ms</c>, <c>5 s</c>; a bare number is milliseconds;
    /// <c>infinite</c> is <see cref="Timeout.InfiniteTimeSpan"/> when <paramref name="allowInfinite"/>), or
    /// <paramref name="default"/> (zero when null) when missing.
    /// </summary>
    public TimeSpan GetTimeSpan(string path, TimeSpan? @default = null, bool allowInfinite = true) =>
        Find(path) is { } v and not ConfigNull ? AsTimeSpan(path, v, allowInfinite) : @default ?? TimeSpan.Zero;

    /// <summary>The size in bytes at <paramref name="path"/> (<c>64MiB</c>, <c>64MB</c>, <c>512</c>), or <paramref name="default"/> when missing.</summary>
    public long? GetByteSize(string path, long? @default = null) => Find(path) is { } v and not ConfigNull ? AsByteSize(path, v) : @default;

    /// <summary>The list of strings at <paramref name="path"/>, or <paramref name="default"/> (empty when null) when missing.</summary>
    public IReadOnlyList<string> GetStringList(string path, IReadOnlyList<string>? @default = null) =>
        Find(path) is { } v and not ConfigNull ? AsStringList(path, v) : @default ?? [];

    /// <summary>The text at <paramref name="path"/>; throws when missing.</summary>
    public string GetStringStrict(string path) => AsString(path, Require(path));

    /// <summary>The 32-bit integer at <paramref name="path"/>; throws when missing or not an integer.</summary>
    public int GetIntStrict(string path) => AsInt(path, Require(path));

    /// <summary>The 64-bit integer at <paramref name="path"/>; throws when missing or not an integer.</summary>
    public long GetLongStrict(string path) => AsLong(path, Require(path));

    /// <summary>The number at <paramref name="path"/>; throws when missing or not a number.</summary>
    public double GetDoubleStrict(string path) => AsDouble(path, Require(path));

    /// <summary>The boolean at <paramref name="path"/>; throws when missing or not a boolean.</summary>
    public bool GetBooleanStrict(string path) => AsBoolean(path, Require(path));

    /// <summary>The duration at <paramref name="path"/>; throws when missing, malformed, or <c>infinite</c> unless allowed.</summary>
    public TimeSpan GetTimeSpanStrict(string path, bool allowInfinite = false) => AsTimeSpan(path, Require(path), allowInfinite);

    /// <summary>The size in bytes at <paramref name="path"/>; throws when missing or malformed.</summary>
    public long GetByteSizeStrict(string path) => AsByteSize(path, Require(path));

    /// <summary>The list of strings at <paramref name="path"/>; throws when missing or not a list of strings.</summary>
    public IReadOnlyList<string> GetStringListStrict(string path) => AsStringList(path, Require(path));

    /// <summary>The object at <paramref name="path"/> as a configuration; throws when missing or not an object.</summary>
    public Config GetConfigStrict(string path)
    {
        var value = Require(path);
        return value is ConfigObject ? GetConfig(path) : throw TypeError(path, "an object", value);
    }

    /// <summary>
    /// An error about the value at <paramref name="path"/>, naming the full path and where the value was written:
    /// <c>weir.capture.snap-length: must be between 64 and 262144, got 10 (config/akka.hocon:12)</c>. For settings
    /// validation beyond the type.
    /// </summary>
    public ConfigurationException Error(string path, string message)
    {
        var full = FullPath(path);
        var origin = Find(path, record: false)?.Origin.WithoutColumn();
        return new ConfigurationException(origin is null ? $"{full}: {message}" : $"{full}: {message} ({origin})", full, origin);
    }

    /// <summary>
    /// The effective configuration as HOCON text (for <c>weir run</c> to print). With
    /// <paramref name="originComments"/> each value is followed by <c># file:line</c>; with
    /// <paramref name="redactSecrets"/> tokens, passwords and secrets are shown as <c>&lt;redacted&gt;</c>.
    /// </summary>
    public string Render(bool originComments = false, bool redactSecrets = true) =>
        HoconRenderer.Render(Root, originComments, redactSecrets);

    /// <summary>The full paths of every leaf (non-object value) of the unresolved tree, for checks of what a file defines.</summary>
    internal IEnumerable<string> RawLeafPaths()
    {
        var result = new List<string>();
        void Walk(HoconNode node, string[] path)
        {
            if (node is HoconObjectNode obj)
            {
                foreach (var (key, child) in obj.Fields)
                {
                    Walk(child, HoconPath.Append(path, key));
                }
            }
            else if (node is HoconMergeNode merge)
            {
                foreach (var item in merge.Stack)
                {
                    Walk(item, path);
                }
            }
            else
            {
                result.Add(HoconPath.Render(path));
            }
        }

        Walk(RawTree, _prefix);
        return result.Distinct();
    }

    private ConfigValue? Find(string path, bool record = true)
    {
        var segments = HoconPath.Parse(path);
        if (record && _readLog is not null)
        {
            lock (_readLog)
            {
                _readLog.Add(HoconPath.Render([.. _prefix, .. segments]));
            }
        }

        ConfigValue? current = Root;
        foreach (var segment in segments)
        {
            if (current is not ConfigObject obj || !obj.TryGetValue(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    private ConfigValue Require(string path)
    {
        var value = Find(path);
        if (value is null or ConfigNull)
        {
            var full = FullPath(path);
            var where = value is ConfigNull
                ? $"it is set to null at {value.Origin.WithoutColumn()}"
                : _sources.Count == 0 ? "not found" : $"not found in {string.Join(", ", _sources)}";
            throw new ConfigurationException($"{full}: required key is missing ({where})", full, value?.Origin);
        }

        return value;
    }

    private string FullPath(string path) => HoconPath.Render([.. _prefix, .. HoconPath.Parse(path)]);

    private ConfigurationException TypeError(string path, string expected, ConfigValue? value)
    {
        var full = FullPath(path);
        var origin = value?.Origin.WithoutColumn();
        return new ConfigurationException($"{full}: expected {expected}, got {value?.Describe() ?? "nothing"} ({origin})", full, origin);
    }

    private string AsString(string path, ConfigValue value) =>
        value is ConfigString s ? s.Text : throw TypeError(path, "a string", value);

    private int AsInt(string path, ConfigValue value) =>
        value is ConfigString s && int.TryParse(s.Text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw TypeError(path, "a 32-bit integer", value);

    private long AsLong(string path, ConfigValue value) =>
        value is ConfigString s && long.TryParse(s.Text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw TypeError(path, "an integer", value);

    private double AsDouble(string path, ConfigValue value) =>
        value is ConfigString s && double.TryParse(s.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? n
            : throw TypeError(path, "a number", value);

    private bool AsBoolean(string path, ConfigValue value) =>
        value is ConfigString s && ConfigUnits.TryParseBoolean(s.Text, out var b)
            ? b
            : throw TypeError(path, "a boolean (on, off, true, false, yes, no)", value);

    private TimeSpan AsTimeSpan(string path, ConfigValue value, bool allowInfinite)
    {
        if (value is ConfigString s && ConfigUnits.TryParseDuration(s.Text, allowInfinite, out var d))
        {
            return d;
        }

        var infinite = value is ConfigString { Text: var t } && t.Trim() == "infinite";
        throw TypeError(path, infinite ? "a finite duration (infinite is not allowed here)" : "a duration (like 100ms, 5s, 2m, 1h, 1d)", value);
    }

    private long AsByteSize(string path, ConfigValue value) =>
        value is ConfigString s && ConfigUnits.TryParseByteSize(s.Text, out var n)
            ? n
            : throw TypeError(path, "a size in bytes (like 512, 64KiB, 8MiB, 1MB)", value);

    private IReadOnlyList<string> AsStringList(string path, ConfigValue value)
    {
        if (value is not ConfigList list)
        {
            throw TypeError(path, "a list", value);
        }

        var result = new string[list.Items.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = list.Items[i] is ConfigString s
                ? s.Text
                : throw TypeError(path + "." + i.ToString(CultureInfo.InvariantCulture), "a string in the list", list.Items[i]);
        }

        return result;
    }
}
