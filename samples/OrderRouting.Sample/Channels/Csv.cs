using System.Text;

namespace OrderRouting.Sample.Channels;

/// <summary>RFC 4180 CSV: fields separated by commas, quoted with <c>"</c> when they hold a comma, quote or line break
/// (a quote inside doubled). Enough for the B2B portal's batch files; no other dialects.</summary>
internal static class Csv
{
    /// <summary>Quotes a field when it needs it.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Reads every record of <paramref name="text"/>; line breaks may be CRLF or LF; a final line break is optional.</summary>
    /// <exception cref="FormatException">A quote is not closed, or text follows a closing quote; the message names the line.</exception>
    public static List<string[]> Read(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var i = 0;
        var atStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException($"line {line}: a quoted field is not closed");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (text[i] == '\n') line++;
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n')) throw new FormatException($"line {line}: text after a closing quote");
                atStart = false;
                continue;
            }
            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
                atStart = false;
                continue;
            }
            if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                i++;
                if (!atStart || field.Length > 0 || fields.Count > 0)
                {
                    fields.Add(field.ToString());
                    records.Add([.. fields]);
                }
                fields.Clear();
                field.Clear();
                line++;
                atStart = true;
                continue;
            }
            field.Append(c);
            atStart = false;
            i++;
        }
        if (!atStart || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }
        return records;
    }
}
