using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Validation;

/// <summary>Probable repeat applicants found by a composite key of stable personal attributes.</summary>
/// <param name="KeyColumns">The key; empty when the check was skipped.</param>
/// <param name="Groups">Keys shared by more than one row.</param>
/// <param name="RowsInGroups">Rows that share their key with another row.</param>
/// <param name="GroupIds">Per row, a group number (rows of one person share it; a lone row has its own).</param>
/// <param name="ExampleGroups">A few groups, each as its 1-based data rows.</param>
/// <param name="Note">What was done and what to do.</param>
/// <param name="ExpectedChancePairs">How many pairs of different people would share the key by chance if the key
/// columns were independent (from each column's value frequencies): the likely number of false matches.</param>
public sealed record RelatedRecordsResult(IReadOnlyList<string> KeyColumns, long Groups, long RowsInGroups,
    int[] GroupIds, IReadOnlyList<IReadOnlyList<long>> ExampleGroups, string Note, double ExpectedChancePairs = 0)
{
    /// <summary>The groups of more than one row (up to <see cref="RelatedRecords.MaxListedGroups"/>), in order of first row.</summary>
    public IReadOnlyList<RelatedGroup> Members { get; init; } = [];

    /// <summary>True when a key was available and the check ran.</summary>
    public bool Checked => KeyColumns.Count > 0;
}

/// <summary>Rows that share a related-records key: 1-based data rows and, when an id column was given, their ids.</summary>
public sealed record RelatedGroup(IReadOnlyList<long> Rows, IReadOnlyList<string>? Ids);

/// <summary>
/// Finds rows that probably belong to the same person: rows that agree on every key column (rows with a missing
/// key value are never matched). For Home Credit the default key is DAYS_BIRTH + CODE_GENDER + DAYS_ID_PUBLISH:
/// birth date, gender and the date the identity document was issued do not change between applications, and
/// together they are rare enough to give few chance matches. Such rows must stay on one side of a train/test
/// split (a group-aware split keyed on <see cref="RelatedRecordsResult.GroupIds"/>), or the test score flatters.
/// </summary>
public static class RelatedRecords
{
    /// <summary>The key used when none is given and the table has these columns.</summary>
    public static readonly IReadOnlyList<string> HomeCreditKey = ["DAYS_BIRTH", "CODE_GENDER", "DAYS_ID_PUBLISH"];

    /// <summary>How many example groups the result keeps.</summary>
    public const int MaxExamples = 5;

    /// <summary>How many groups <see cref="RelatedRecordsResult.Members"/> lists at most.</summary>
    public const int MaxListedGroups = 20_000;

    /// <summary>
    /// Groups the rows by <paramref name="keyColumns"/> (or <see cref="HomeCreditKey"/> when null and present).
    /// When no key is available the result says so and every row is its own group.
    /// </summary>
    /// <param name="data">The table.</param>
    /// <param name="keyColumns">The key; null = <see cref="HomeCreditKey"/> when the table has it.</param>
    /// <param name="idColumn">When given, each listed group also names its rows' ids.</param>
    public static RelatedRecordsResult Find(DataFrame data, IReadOnlyList<string>? keyColumns = null, string? idColumn = null)
    {
        var names = data.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var key = keyColumns is { Count: > 0 } ? keyColumns : HomeCreditKey.All(names.Contains) ? HomeCreditKey : null;
        int rows = (int)data.Rows.Count;
        var solo = Enumerable.Range(0, rows).ToArray();
        if (key is null)
            return new RelatedRecordsResult([], 0, 0, solo, [],
                "skipped: no key columns of stable personal attributes were given and the table lacks " +
                $"{string.Join(" + ", HomeCreditKey)}; pass key columns to look for repeat applicants");
        var absent = key.Where(k => !names.Contains(k)).ToList();
        if (absent.Count > 0)
            throw new UserFacingException($"the related-records key names column(s) the table lacks: {NameList.Shorten(absent)}");

        var parts = key.Select(k => ColumnValues.Texts(data.Columns[k])).ToArray();
        var groupOf = new Dictionary<string, int>(rows, StringComparer.Ordinal);
        var groupIds = new int[rows];
        var sizes = new List<int>();
        int next = 0;
        for (int r = 0; r < rows; r++)
        {
            if (parts.Any(p => p[r] is null))
            {
                groupIds[r] = -1;
                continue;
            }
            var composite = string.Join('\u001f', parts.Select(p => p[r]));
            if (!groupOf.TryGetValue(composite, out int g))
            {
                groupOf[composite] = g = next++;
                sizes.Add(0);
            }
            groupIds[r] = g;
            sizes[g]++;
        }
        for (int r = 0; r < rows; r++)
            if (groupIds[r] < 0)
                groupIds[r] = next++; // a row with a missing key value stands alone

        long groups = sizes.Count(s => s > 1), inGroups = sizes.Where(s => s > 1).Sum(s => (long)s);
        double chancePairs = ChancePairs(parts);
        var members = new Dictionary<int, List<long>>();
        for (int r = 0; r < rows; r++)
        {
            int g = groupIds[r];
            if (g < sizes.Count && sizes[g] > 1 && (members.ContainsKey(g) || members.Count < MaxListedGroups))
            {
                if (!members.TryGetValue(g, out var list))
                    members[g] = list = [];
                list.Add(r + 1);
            }
        }
        var ids = idColumn is not null && names.Contains(idColumn) ? ColumnValues.Texts(data.Columns[idColumn]) : null;
        var listed = members.Values.Select(m => new RelatedGroup(m, ids is null ? null : m.Select(row => ids[row - 1] ?? "").ToList())).ToList();
        var examples = listed.Take(MaxExamples).Select(g => g.Rows).ToList();
        string note = groups == 0
            ? $"no two rows share {string.Join(" + ", key)}: no repeat applicants found"
            : $"{inGroups:N0} rows in {groups:N0} groups share {string.Join(" + ", key)}: probably the same person applying " +
              $"more than once (about {chancePairs:N0} pairs would share this key by chance). Split train/test by " +
              "group (a group-aware split on these group ids) so that one person is never on both sides.";
        return new RelatedRecordsResult(key.ToList(), groups, inGroups, groupIds, examples, note, chancePairs) { Members = listed };
    }

    /// <summary>C(n, 2) × Π over key columns of Σ p(value)², n = rows with a full key: expected matching pairs if the columns were independent.</summary>
    private static double ChancePairs(string?[][] parts)
    {
        double n = Enumerable.Range(0, parts[0].Length).Count(r => parts.All(p => p[r] is not null)), probability = 1;
        foreach (var column in parts)
        {
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            long present = 0;
            foreach (var value in column)
                if (value is not null)
                {
                    counts[value] = counts.GetValueOrDefault(value) + 1;
                    present++;
                }
            probability *= present == 0 ? 0 : counts.Values.Sum(c => (double)c / present * ((double)c / present));
        }
        return n * (n - 1) / 2 * probability;
    }

    /// <summary>A warning when repeat applicants were found, an info note when the check was skipped.</summary>
    public static List<ValidationIssue> Issues(RelatedRecordsResult result)
    {
        if (!result.Checked)
            return [new(Severity.Info, "related_records", null, 0, result.Note)];
        if (result.Groups == 0)
            return [];
        return
        [
            new(Severity.Warning, "related_records", string.Join(" + ", result.KeyColumns), result.RowsInGroups, result.Note,
                result.ExampleGroups.Select(g => new IssueExample(g[0], "same key as rows " + string.Join(", ", g.Skip(1)))).ToList()),
        ];
    }
}
