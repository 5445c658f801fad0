namespace Inbox.Core.Duplicates;

/// <summary>
/// Per-lookup accumulators of CandidateIndex, indexed by slot and reused from one lookup to the next: a
/// generation stamp says which entries belong to the current lookup, so nothing is cleared or allocated per lookup.
/// </summary>
internal sealed class CandidateScratch
{
    public float[] Weight = [];
    public float[] Bonus = [];
    /// <summary>Which of the query's name parts (bit i = part i, the eighth and later share a bit) the slot resembles.</summary>
    public byte[] Names = [];
    public bool[] Evidence = [];
    private int[] _stamp = [];
    private int _generation;
    public readonly List<int> Touched = [];

    public void Begin(int slots)
    {
        if (_stamp.Length < slots)
        {
            var size = Math.Max(slots, _stamp.Length * 2);
            Array.Resize(ref Weight, size);
            Array.Resize(ref Bonus, size);
            Array.Resize(ref Names, size);
            Array.Resize(ref Evidence, size);
            Array.Resize(ref _stamp, size);
        }
        Touched.Clear();
        if (++_generation == int.MaxValue) { Array.Clear(_stamp); _generation = 1; }
    }

    public void Touch(int slot, float weight, float bonus, byte names, bool evidence)
    {
        if (_stamp[slot] != _generation)
        {
            _stamp[slot] = _generation;
            Weight[slot] = weight;
            Bonus[slot] = bonus;
            Names[slot] = names;
            Evidence[slot] = evidence;
            Touched.Add(slot);
            return;
        }
        Weight[slot] += weight;
        Bonus[slot] += bonus;
        Names[slot] |= names;
        Evidence[slot] |= evidence;
    }
}
