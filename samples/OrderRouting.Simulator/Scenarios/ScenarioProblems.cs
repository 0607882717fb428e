using System.Text;

namespace OrderRouting.Simulator.Scenarios;

/// <summary>
/// The problems found in a scenario file, each with its JSON path (<c>$.orders[3].lines[0].quantity</c>), kept in
/// document order. The reader walks a path of segments; each segment also carries the position of what it names
/// in the file (a property's ordinal in its object, an element's index), so sorting the problems by those
/// positions gives document order even though fields are checked in a fixed order.
/// </summary>
/// <remarks>Not thread-safe: one instance per read. Costs nothing while no problem is found.</remarks>
internal sealed class ScenarioProblems
{
    /// <summary>The position given to a required field that is absent: before the object's present fields.</summary>
    public const int Absent = -1;

    private readonly List<Segment> _path = [];
    private readonly List<Entry> _entries = [];

    /// <summary>Whether any problem was found.</summary>
    public bool Any => _entries.Count > 0;

    /// <summary>Enters a property (<paramref name="ordinal"/> = its position in its object, or <see cref="Absent"/>).</summary>
    public void Enter(string name, int ordinal) => _path.Add(new Segment(name, ordinal));

    /// <summary>Enters an array element.</summary>
    public void Enter(int index) => _path.Add(new Segment(null, index));

    /// <summary>Leaves the innermost segment.</summary>
    public void Leave() => _path.RemoveAt(_path.Count - 1);

    /// <summary>Records a problem at the current path.</summary>
    public void Add(string problem)
    {
        var key = new int[_path.Count];
        for (var i = 0; i < key.Length; i++) key[i] = _path[i].Position;
        _entries.Add(new Entry(key, _entries.Count, CurrentPath() + ": " + problem));
    }

    /// <summary>Records a problem at a property of the current object.</summary>
    public void Add(string name, int ordinal, string problem)
    {
        Enter(name, ordinal);
        Add(problem);
        Leave();
    }

    /// <summary>The current path, e.g. <c>$.orders[3].lines[0]</c>.</summary>
    public string CurrentPath()
    {
        var text = new StringBuilder("$");
        foreach (var segment in _path)
        {
            if (segment.Name is null) text.Append('[').Append(segment.Position).Append(']');
            else text.Append('.').Append(segment.Name);
        }
        return text.ToString();
    }

    /// <summary>The problems in document order, one line each: <c>JSON-PATH: problem</c>.</summary>
    public IReadOnlyList<string> ToLines()
    {
        var sorted = _entries.ToArray();
        Array.Sort(sorted, static (a, b) =>
        {
            var n = Math.Min(a.Key.Length, b.Key.Length);
            for (var i = 0; i < n; i++)
            {
                var c = a.Key[i].CompareTo(b.Key[i]);
                if (c != 0) return c;
            }
            var byLength = a.Key.Length.CompareTo(b.Key.Length);
            return byLength != 0 ? byLength : a.Sequence.CompareTo(b.Sequence);
        });
        return Array.ConvertAll(sorted, static e => e.Line);
    }

    private readonly record struct Segment(string? Name, int Position);

    private sealed record Entry(int[] Key, int Sequence, string Line);
}
