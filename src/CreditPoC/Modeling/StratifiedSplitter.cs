namespace CreditPoC.Modeling;

/// <summary>Seeded stratified splits and fold assignment: each class is shuffled and dealt out separately, so every
/// part keeps the positive share of the whole.</summary>
internal static class StratifiedSplitter
{
    /// <summary>Splits <paramref name="rows"/> into (rest, held out) with about <paramref name="fraction"/> of each class held out.</summary>
    public static (int[] Kept, int[] HeldOut) Split(IReadOnlyList<int> rows, bool[] labels, double fraction, int seed)
    {
        var random = new Random(seed);
        var rest = new List<int>();
        var held = new List<int>();
        foreach (var group in new[] { true, false })
        {
            var members = Shuffle(rows.Where(r => labels[r] == group).ToArray(), random);
            // A class with two or more rows always lands on both sides, so no part misses a class by rounding.
            var take = members.Length < 2 ? 0 : Math.Clamp((int)Math.Round(members.Length * fraction), 1, members.Length - 1);
            held.AddRange(members.Take(take));
            rest.AddRange(members.Skip(take));
        }
        rest.Sort();
        held.Sort();
        return (rest.ToArray(), held.ToArray());
    }

    /// <summary>A fold number 0..k-1 per entry of <paramref name="rows"/>, dealt round-robin within each class.</summary>
    public static int[] Folds(IReadOnlyList<int> rows, bool[] labels, int folds, int seed)
    {
        var random = new Random(seed);
        var assignment = new int[rows.Count];
        var dealt = 0;
        foreach (var group in new[] { true, false })
        {
            var positions = Shuffle(Enumerable.Range(0, rows.Count).Where(i => labels[rows[i]] == group).ToArray(), random);
            foreach (var position in positions)
                assignment[position] = dealt++ % folds;
        }
        return assignment;
    }

    /// <summary>A stratified sample of about <paramref name="size"/> rows.</summary>
    public static int[] Sample(IReadOnlyList<int> rows, bool[] labels, int size, int seed) =>
        size >= rows.Count ? rows.ToArray() : Split(rows, labels, (double)size / rows.Count, seed).HeldOut;

    private static T[] Shuffle<T>(T[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }
}
