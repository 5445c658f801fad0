namespace Inbox.Core.Duplicates;

/// <summary>
/// Per-lookup accumulators of CandidateIndex, one struct per slot (one cache line touched per posting read),
/// reused from one lookup to the next: a generation stamp says which entries belong to the current lookup,
/// so nothing is cleared or allocated per lookup.
/// </summary>
internal sealed class CandidateScratch
{
    public struct Entry
    {
        public int Stamp;
        /// <summary>Rarity (idf) of the content words shared with the query.</summary>
        public float Weight;
        /// <summary>Points of weak case tokens (amounts) shared with the query.</summary>
        public float Bonus;
        /// <summary>Which of the query's name parts (bit i = part i, the eighth and later share a bit) the slot resembles.</summary>
        public byte Names;
        /// <summary>A strong case token, the customer or a contact is shared: always a candidate.</summary>
        public bool Evidence;
    }

    public Entry[] Entries = [];
    private int _generation;
    public readonly List<int> Touched = [];
    /// <summary>The query's distinct words (posting ids) and their weight.</summary>
    public readonly Dictionary<int, float> QueryWords = [];

    public void Begin(int slots)
    {
        if (Entries.Length < slots) Array.Resize(ref Entries, Math.Max(slots, Entries.Length * 2));
        Touched.Clear();
        if (++_generation == int.MaxValue)
        {
            Array.Clear(Entries);
            _generation = 1;
        }
    }

    public void Touch(int slot, float weight, float bonus, byte names, bool evidence)
    {
        ref var e = ref Entries[slot];
        if (e.Stamp != _generation)
        {
            e = new Entry { Stamp = _generation, Weight = weight, Bonus = bonus, Names = names, Evidence = evidence };
            Touched.Add(slot);
            return;
        }
        e.Weight += weight;
        e.Bonus += bonus;
        e.Names |= names;
        e.Evidence |= evidence;
    }
}
