using System.Text;
using System.Text.Json;

namespace OrderRouting.Sample.Channels;

/// <summary>Writes a JSON document to a string with <see cref="Utf8JsonWriter"/> (compact, deterministic).</summary>
internal static class JsonText
{
    /// <summary>The document <paramref name="write"/> writes, as a string.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) write(json);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
