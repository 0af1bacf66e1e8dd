namespace Weir.Actors.Configuration;

/// <summary>
/// Applies the fields of a parsed document in order, the way HOCON defines it: a dotted key is a nested object,
/// a later key wins, objects merge recursively, any other value (including <c>null</c>) replaces what was there
/// and so blocks merging with what came before, and an object written over a value that is still a
/// substitution (<c>a = ${b}</c>, then <c>a { .. }</c>) becomes a merge resolved later. Self-references
/// (<c>p = ${p} [x]</c>, <c>p += x</c>) are replaced here by the value the key had so far, so they look backwards;
/// the other substitutions wait for <see cref="HoconResolver"/> and the final tree.
/// </summary>
internal sealed class HoconTreeBuilder
{
    private readonly HoconObjectNode _root;

    private HoconTreeBuilder(HoconObjectNode root) => _root = root;

    /// <summary>Builds the merged tree of one document.</summary>
    public static HoconObjectNode Build(HoconObjectLiteral document)
    {
        var root = new HoconObjectNode(document.Origin);
        new HoconTreeBuilder(root).Apply(root, [], document);
        return root;
    }

    private void Apply(HoconObjectNode target, string[] targetPath, HoconObjectLiteral literal)
    {
        foreach (var field in literal.Fields)
        {
            ApplyField(target, targetPath, field.Path, 0, field);
        }
    }

    private void ApplyField(HoconObjectNode target, string[] targetPath, IReadOnlyList<string> keyPath, int index, HoconField field)
    {
        var key = keyPath[index];
        var path = HoconPath.Append(targetPath, key);
        if (index < keyPath.Count - 1)
        {
            // a.b.c = v is a { b { c = v } }: an object, so it merges into an existing object.
            var nested = EnsureObject(target, key, field.Origin);
            if (nested is not null)
            {
                ApplyField(nested, path, keyPath, index + 1, field);
                return;
            }

            var fresh = new HoconObjectNode(field.Origin);
            ApplyField(fresh, path, keyPath, index + 1, field);
            target.Fields[key] = Combine(target.Fields[key], fresh);
            return;
        }

        var value = field.Value;
        if (field.Append)
        {
            // a += b is a = ${?a} [b].
            value = new HoconConcatNode(value.Origin,
            [
                new HoconSubstitutionNode(value.Origin, path, optional: true),
                new HoconListNode(value.Origin, [value]),
            ]);
        }

        Assign(target, path, key, value);
    }

    /// <summary>
    /// The object at <paramref name="key"/> to merge into, creating it when the key is missing or holds a value that
    /// an object replaces; null when the key holds an unresolved value that the object must merge with later.
    /// </summary>
    private static HoconObjectNode? EnsureObject(HoconObjectNode target, string key, ConfigOrigin origin)
    {
        if (target.Fields.TryGetValue(key, out var existing))
        {
            if (existing is HoconObjectNode obj)
            {
                return obj;
            }

            if (existing is HoconMergeNode { Stack: [.., HoconObjectNode top] })
            {
                return top;
            }

            if (existing.IsUnresolved)
            {
                return null;
            }
        }

        var created = new HoconObjectNode(origin);
        target.Fields[key] = created;
        return created;
    }

    private static HoconMergeNode Combine(HoconNode earlier, HoconObjectNode later) =>
        new(later.Origin, earlier is HoconMergeNode merge ? [.. merge.Stack, later] : [earlier, later]);

    private void Assign(HoconObjectNode target, string[] path, string key, HoconNode value)
    {
        if (value is HoconObjectLiteral literal)
        {
            var existing = EnsureObject(target, key, literal.Origin);
            if (existing is not null)
            {
                Apply(existing, path, literal);
                return;
            }

            var fresh = new HoconObjectNode(literal.Origin);
            Apply(fresh, path, literal);
            target.Fields[key] = Combine(target.Fields[key], fresh);
            return;
        }

        // Convert before assigning: self-references must see the value the key had before this field.
        var converted = Convert(value, path);
        if (converted.IsUnresolved && target.Fields.TryGetValue(key, out var earlier))
        {
            // Only resolution can tell whether a substitution replaces the earlier value, merges with it (both
            // objects) or leaves it alone (an undefined ${?x}).
            target.Fields[key] = new HoconMergeNode(converted.Origin,
                earlier is HoconMergeNode merge ? [.. merge.Stack, converted] : [earlier, converted]);
            return;
        }

        target.Fields[key] = converted;
    }

    /// <summary>Builds object literals nested in lists and concatenations, and resolves self-references backwards.</summary>
    private HoconNode Convert(HoconNode value, string[] fieldPath)
    {
        switch (value)
        {
            case HoconObjectLiteral literal:
                var obj = new HoconObjectNode(literal.Origin);
                Apply(obj, fieldPath, literal);
                return obj;
            case HoconListNode list:
                return new HoconListNode(list.Origin, [.. list.Items.Select(i => Convert(i, fieldPath))]);
            case HoconConcatNode concat:
                return new HoconConcatNode(concat.Origin, [.. concat.Parts.Select(p => Convert(p, fieldPath))]);
            case HoconSubstitutionNode subst when IsSelfReference(subst.Path, fieldPath):
                return LookBackward(subst, fieldPath);
            default:
                return value;
        }
    }

    /// <summary>A substitution refers to its own field when its path is the field's path or a prefix of it.</summary>
    private static bool IsSelfReference(IReadOnlyList<string> substitution, IReadOnlyList<string> field) =>
        HoconPath.StartsWith(field, substitution);

    private HoconNode LookBackward(HoconSubstitutionNode subst, string[] fieldPath)
    {
        HoconNode current = _root;
        foreach (var segment in subst.Path)
        {
            if (current is HoconObjectNode obj)
            {
                if (!obj.Fields.TryGetValue(segment, out var next))
                {
                    // Not defined earlier in this document: a fallback configuration or the environment may have it.
                    return new HoconSubstitutionNode(subst.Origin, subst.Path, subst.Optional, looksBackward: true, subst.AlternativePath);
                }

                current = next;
            }
            else if (current is HoconMergeNode { Stack: [.., HoconObjectNode top] } && top.Fields.TryGetValue(segment, out var inTop))
            {
                // a = ${b}, a { l = [1] }, a.l += 2: the key written in the top object is the earlier value.
                current = inTop;
            }
            else if (current.IsUnresolved)
            {
                throw new ConfigurationException(
                    $"{HoconPath.Render(fieldPath)}: cannot resolve the self-reference {subst} through a value that is itself a substitution ({subst.Origin})",
                    HoconPath.Render(fieldPath), subst.Origin);
            }
            else
            {
                return new HoconSubstitutionNode(subst.Origin, subst.Path, subst.Optional, looksBackward: true, subst.AlternativePath);
            }
        }

        // Cleared with null in this file: a fallback must not show through. ${?p} is then undefined (an empty
        // concatenation resolves to nothing) and ${p} is the null itself.
        return current is HoconNullNode && subst.Optional ? new HoconConcatNode(subst.Origin, []) : current;
    }
}
