namespace Weir.Actors.Configuration;

/// <summary>The unquoted value <c>null</c>: clears the key and blocks merging with earlier objects.</summary>
internal sealed class HoconNullNode(ConfigOrigin origin) : HoconNode(origin);
