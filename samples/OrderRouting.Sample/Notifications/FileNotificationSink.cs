using System.Text;
using System.Text.Json;
using NodaTime.Text;
using OrderRouting.Connectors;
using OrderRouting.Sample.Channels;
using OrderRouting.Sample.Simulation;

namespace OrderRouting.Sample.Notifications;

/// <summary>
/// Customer notifications written to a file, one JSON object per line (what would go to an e-mail or SMS provider).
/// Delivery is at least once, the effect exactly once: a message whose key was already written is not written again.
/// Now and then a send fails, before the message went out or after it (a timeout after the provider accepted it), so the
/// lifecycle's and returns' retries and this key check are exercised.
/// </summary>
/// <remarks>Thread-safe. Call <see cref="Dispose"/> (the host does) to flush the file.</remarks>
internal sealed class FileNotificationSink : INotificationSink, IDisposable
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _file;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly Chance _chance;
    private readonly double _failures;
    private bool _disposed;

    /// <summary>Creates (or empties) the file at <see cref="SimulationSettings.ResolvedNotificationsPath"/>.</summary>
    public FileNotificationSink(SimulationSettings settings)
    {
        Path = System.IO.Path.GetFullPath(settings.ResolvedNotificationsPath);
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        _file = new StreamWriter(Path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        _chance = new Chance(settings.Seed);
        _failures = settings.NotificationFailures;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>Messages written.</summary>
    public int Written
    {
        get { lock (_gate) return _written.Count; }
    }

    /// <summary>Sends that failed (and were retried by the caller).</summary>
    public int Failures { get; private set; }

    /// <summary>Sends of a key already written: retries after a send whose answer was lost; nothing written.</summary>
    public int Deduplicated { get; private set; }

    /// <summary>Messages written per topic.</summary>
    public SortedDictionary<string, int> ByTopic { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask SendAsync(CustomerNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_written.Contains(notification.Key))
            {
                Deduplicated++;
                return ValueTask.CompletedTask;
            }
            var attempt = _attempts[notification.Key] = _attempts.GetValueOrDefault(notification.Key) + 1;
            var fails = _chance.Roll(_failures, "notify-fail", notification.Key, attempt);
            var afterSending = fails && _chance.Roll(0.5, "notify-fail-late", notification.Key, attempt);
            if (fails && !afterSending)
            {
                Failures++;
                throw new IOException("mail relay refused the connection");
            }
            _written.Add(notification.Key);
            ByTopic[notification.Topic] = ByTopic.GetValueOrDefault(notification.Topic) + 1;
            _file.WriteLine(Line(notification));
            if (afterSending)
            {
                Failures++;
                throw new TimeoutException("mail relay accepted the message but the answer timed out");
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Flushes the file so far.</summary>
    public void Flush()
    {
        lock (_gate) if (!_disposed) _file.Flush();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _file.Dispose();
        }
    }

    private static string Line(CustomerNotification n)
    {
        return JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("key", n.Key);
            json.WriteString("topic", n.Topic);
            json.WriteString("order", n.Order.Value);
            json.WriteString("channel", n.Channel.Value);
            json.WriteString("at", InstantPattern.General.Format(n.At));
            json.WriteString("to", n.Recipient);
            json.WriteStartObject("data");
            foreach (var (key, value) in n.Data.OrderBy(d => d.Key, StringComparer.Ordinal)) json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }
}
