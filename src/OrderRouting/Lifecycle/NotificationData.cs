using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace OrderRouting.Lifecycle;

/// <summary>
/// The data of a customer notification: a few string pairs in ordinal key order, read-only. The keys are one shared
/// array per kind of notification, so a notification's data costs one small object and its values array (a
/// <see cref="SortedDictionary{TKey,TValue}"/> costs a tree node per key).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class NotificationData : IReadOnlyDictionary<string, string>
{
    private static readonly string[] TrackingKeys = ["carrier", "shipment", "trackingNumber"]; // in ordinal order
    private static readonly IReadOnlyList<string> TrackingKeyList = Array.AsReadOnly(TrackingKeys);

    private readonly string[] _keys;
    private readonly string[] _values;

    private NotificationData(string[] keys, string[] values) => (_keys, _values) = (keys, values);

    /// <summary>The data of a tracking notification (dispatched, out for delivery, delivered).</summary>
    public static NotificationData Tracking(string carrier, string shipment, string trackingNumber) =>
        new(TrackingKeys, [carrier, shipment, trackingNumber]);

    public int Count => _keys.Length;

    public IEnumerable<string> Keys => ReferenceEquals(_keys, TrackingKeys) ? TrackingKeyList : Array.AsReadOnly(_keys); // never the array itself: it is shared

    public IEnumerable<string> Values => Array.AsReadOnly(_values);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no key \"{key}\"");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++) yield return new KeyValuePair<string, string>(_keys[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Array.IndexOf(_keys, key);
    }
}
