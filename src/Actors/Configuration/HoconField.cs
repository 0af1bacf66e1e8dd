namespace Weir.Actors.Configuration;

/// <summary>One <c>key = value</c> (or <c>key += value</c>, <c>key { .. }</c>) as written in an object literal.</summary>
/// <param name="Path">The key's path segments (<c>a.b."c.d"</c> is <c>a</c>, <c>b</c>, <c>c.d</c>).</param>
/// <param name="Value">The value as parsed.</param>
/// <param name="Append">Whether the field was written with <c>+=</c>.</param>
/// <param name="Origin">Where the key starts.</param>
internal sealed record HoconField(IReadOnlyList<string> Path, HoconNode Value, bool Append, ConfigOrigin Origin);
