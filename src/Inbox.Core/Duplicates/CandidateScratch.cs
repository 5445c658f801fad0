namespace Inbox.Core.Duplicates;

/// <summary>
/// Per-lookup accumulators of CandidateIndex: one entry per slot the lookup's postings name, in a small
/// open-addressing hash table keyed by slot. A lookup touches a few thousand of up to a million slots; a table
/// sized to those stays in the processor's cache, where one entry per slot of the window (an array as long as
/// the index) cost a memory miss per posting read at a million documents. Reused from one lookup to the next:
/// a generation stamp says which entries belong to the current lookup, so nothing is cleared or allocated.
/// </summary>
internal sealed class CandidateScratch
{
    public struct Entry
    {
        public int Stamp;
        public int Slot;
        /// <summary>Rarity (idf) of the content words shared with the query.</summary>
        public float Weight;
        /// <summary>Points of weak case tokens (amounts) shared with the query.</summary>
        public float Bonus;
        /// <summary>Which of the query's name parts (bit i = part i, the eighth and later share a bit) the slot resembles.</summary>
        public byte Names;
        /// <summary>A strong case token, the customer or a contact is shared: always a candidate.</summary>
        public bool Evidence;
    }

    private Entry[] _table = new Entry[1 << 13];
    private int _shift = 32 - 13;
    private int _generation;
    /// <summary>Positions in the table of this lookup's entries, in the order they were first touched.</summary>
    public readonly List<int> Touched = [];
    /// <summary>The query's distinct words (posting ids) and their weight.</summary>
    public readonly WordWeights QueryWords = new();
    /// <summary>The two ranking stages' heaps (emptied after each lookup; kept for their arrays).</summary>
    public readonly PriorityQueue<int, double> First = new();
    public readonly PriorityQueue<ConversationDoc, double> Best = new();

    /// <summary>A ranked slot's most reachable points (Ceiling), its bucket of those, its name points and text rank (by index in Touched).</summary>
    public struct Rank
    {
        public int Bucket;
        public double Ceiling, Points, Text;
    }

    /// <summary>Ceilings are bucketed by a sixteenth of a point (a counting sort: best first without sorting).</summary>
    public const double BucketsPerPoint = 16;
    public readonly int[] Buckets = new int[256];
    /// <summary>Indexes in Touched of the slots whose shared word weight is counted exactly.</summary>
    public readonly List<int> Exact = [];
    private Rank[] _ranks = new Rank[4096];
    private int[] _order = new int[4096];

    public Rank[] Ranks(int count) => _ranks.Length >= count ? _ranks : _ranks = new Rank[Math.Max(count, _ranks.Length * 2)];
    public int[] Order(int count) => _order.Length >= count ? _order : _order = new int[Math.Max(count, _order.Length * 2)];

    public void Begin()
    {
        Touched.Clear();
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_table);
            _generation = 1;
        }
    }

    /// <summary>The entry at a position listed in Touched (positions hold until the next Touch).</summary>
    public ref Entry At(int position) => ref _table[position];

    public void Touch(int slot, float weight, float bonus, byte names, bool evidence)
    {
        var mask = _table.Length - 1;
        for (var i = (int)(((uint)slot * 0x9E3779B1u) >> _shift); ; i = (i + 1) & mask)
        {
            ref var e = ref _table[i];
            if (e.Stamp != _generation)
            {
                e = new Entry { Stamp = _generation, Slot = slot, Weight = weight, Bonus = bonus, Names = names, Evidence = evidence };
                Touched.Add(i);
                if (Touched.Count * 2 > _table.Length) Grow();
                return;
            }
            if (e.Slot != slot) continue;
            e.Weight += weight;
            e.Bonus += bonus;
            e.Names |= names;
            e.Evidence |= evidence;
            return;
        }
    }

    /// <summary>Kept at most half full: doubles and moves this lookup's entries (in their touch order).</summary>
    private void Grow()
    {
        var old = _table;
        _table = new Entry[old.Length * 2];
        _shift--;
        var mask = _table.Length - 1;
        for (var k = 0; k < Touched.Count; k++)
        {
            var e = old[Touched[k]];
            var i = (int)(((uint)e.Slot * 0x9E3779B1u) >> _shift);
            while (_table[i].Stamp == _generation) i = (i + 1) & mask;
            _table[i] = e;
            Touched[k] = i;
        }
    }
}

/// <summary>
/// The query's word weights by word id, read for every ranked candidate's words (a few hundred documents of
/// ten to twenty words per lookup): a small open-addressing table, cheaper to probe than a Dictionary.
/// </summary>
internal sealed class WordWeights
{
    private int[] _keys = Empty(64);
    private float[] _values = new float[64];
    private int _shift = 32 - 6;
    private readonly List<int> _used = [];

    public void Clear()
    {
        foreach (var i in _used) _keys[i] = -1;
        _used.Clear();
    }

    public void Set(int id, float weight)
    {
        if ((_used.Count + 1) * 2 > _keys.Length) Grow();
        var i = Position(id);
        if (_keys[i] != id)
        {
            _keys[i] = id;
            _used.Add(i);
        }
        _values[i] = weight;
    }

    public bool TryGetValue(int id, out float weight)
    {
        var mask = _keys.Length - 1;
        for (var i = (int)(((uint)id * 0x9E3779B1u) >> _shift); ; i = (i + 1) & mask)
        {
            var key = _keys[i];
            if (key == id)
            {
                weight = _values[i];
                return true;
            }
            if (key < 0)
            {
                weight = 0;
                return false;
            }
        }
    }

    /// <summary>Where id is, or the empty position where it would go.</summary>
    private int Position(int id)
    {
        var mask = _keys.Length - 1;
        var i = (int)(((uint)id * 0x9E3779B1u) >> _shift);
        while (_keys[i] >= 0 && _keys[i] != id) i = (i + 1) & mask;
        return i;
    }

    private void Grow()
    {
        var (keys, values) = (_keys, _values);
        var used = _used.ToArray();
        _keys = Empty(keys.Length * 2);
        _values = new float[keys.Length * 2];
        _shift--;
        _used.Clear();
        foreach (var i in used) Set(keys[i], values[i]);
    }

    private static int[] Empty(int length)
    {
        var keys = new int[length];
        Array.Fill(keys, -1);
        return keys;
    }
}
