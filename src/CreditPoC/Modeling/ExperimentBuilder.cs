using System.Globalization;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Modeling;

/// <summary>Setup's work: checks the target, reads the columns, splits, and decides the preprocessing plan.</summary>
internal static class ExperimentBuilder
{
    private static readonly string[] ReservedNames = ["Label", "Features", "Score", "Probability", "PredictedLabel", "FeatureContributions"];

    public static Experiment Build(DataFrame data, ExperimentSettings s, List<string> ignore, int? sampleRows,
        double rareShare, int rareMinCount, bool[]? holdout = null)
    {
        if (holdout is not null && holdout.Length != data.Rows.Count)
            throw new UserFacingException($"holdout marks {holdout.Length:N0} rows but the data has {data.Rows.Count:N0}");
        if (s.Folds < 2) throw new UserFacingException($"folds must be at least 2 (got {s.Folds})");
        if (s.TestFraction is <= 0 or >= 0.9)
            throw new UserFacingException($"testFraction must be between 0 and 0.9 (got {s.TestFraction.ToString(CultureInfo.InvariantCulture)})");
        if (sampleRows is < 1) throw new UserFacingException($"sampleRows must be positive (got {sampleRows})");
        if (rareShare is < 0 or >= 1 || rareMinCount < 0)
            throw new UserFacingException($"rareLevelShare must be in [0, 1) and rareLevelMinCount >= 0 (got {rareShare.ToString(CultureInfo.InvariantCulture)} and {rareMinCount})");
        var names = data.Columns.Select(c => c.Name).ToList();
        var warnings = new List<string>();
        var (labels, kept) = ReadTarget(data, s, warnings);
        var rows = kept;
        if (sampleRows is { } sample && sample < rows.Length)
        {
            rows = StratifiedSplitter.Sample(rows, labels, sample, s.Seed);
            s.Progress($"Setup: using a stratified sample of {rows.Length:N0} of {kept.Length:N0} rows (SAMPLE_ROWS)");
        }

        foreach (var name in ignore.Where(n => !names.Contains(n)))
            warnings.Add($"ignored column '{name}' is not in the data");
        var columns = ReadColumns(data, s.Target, ignore, rows, warnings);
        if (columns.Count == 0)
            throw new UserFacingException($"no usable feature columns: every column is the target '{s.Target}', ignored, all missing or constant");
        var compactLabels = rows.Select(r => labels[r]).ToArray();
        var table = new ColumnTable(columns, compactLabels, rows.Length);

        var all = Enumerable.Range(0, rows.Length).ToArray();
        var (train, test) = holdout is null
            ? StratifiedSplitter.Split(all, compactLabels, s.TestFraction, s.Seed)
            : (all.Where(i => !holdout[rows[i]]).ToArray(), all.Where(i => holdout[rows[i]]).ToArray());
        CheckCounts(train, test, compactLabels, s);
        var folds = StratifiedSplitter.Folds(train, compactLabels, s.Folds, s.Seed + 1);
        var plan = DecidePlan(table, train, rareShare, rareMinCount, warnings);

        foreach (var warning in warnings) s.Progress("Warning: " + warning);
        var experiment = Experiment.Create(table, rows, plan, train, test, folds, s, warnings);
        s.Progress(experiment.ToString());
        return experiment;
    }

    private static (bool[] Labels, int[] Kept) ReadTarget(DataFrame data, ExperimentSettings s, List<string> warnings)
    {
        var target = TargetVector.From(data, s.Target, s.PositiveLabel);
        var n = target.HasValue.Length;
        var kept = Enumerable.Range(0, n).Where(i => target.HasValue[i]).ToArray();
        if (kept.Length < n)
            warnings.Add($"{n - kept.Length:N0} rows with a missing {s.Target} were left out");
        if (kept.Length == 0)
            throw new UserFacingException($"the target column '{s.Target}' has no values");
        if (!target.HasPositive)
            throw new UserFacingException(target.PositiveNotFoundMessage());
        if (target.OtherValues.Count == 0)
            throw new UserFacingException($"the target '{s.Target}' has only one class ({target.Seen()}); a classifier needs both positive and negative rows");
        if (target.OtherValues.Count > 1)
            warnings.Add($"the target '{s.Target}' has {target.ValueCounts.Count} distinct values ({target.Seen(5)}); " +
                         $"'{target.PositiveLabel}' is positive and all others negative ({TargetVector.MatchingRule})");
        return (target.IsPositive, kept);
    }

    private static List<TableColumn> ReadColumns(DataFrame data, string target, List<string> ignore, int[] rows, List<string> warnings)
    {
        var columns = new List<TableColumn>();
        foreach (var column in data.Columns)
        {
            var name = column.Name;
            if (name == target || ignore.Contains(name)) continue;
            if (ReservedNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                warnings.Add($"column '{name}' dropped: the name is reserved for ML.NET outputs; rename it to use it");
                continue;
            }
            if (!ColumnValues.IsNumeric(column) && !ColumnValues.IsText(column))
            {
                warnings.Add($"column '{name}' dropped: its type {column.DataType.Name} is neither number nor text");
                continue;
            }
            var all = TableColumn.Read(column, asText: ColumnValues.IsText(column));
            var read = all.IsNumeric
                ? TableColumn.Numeric(name, rows.Select(r => all.Numbers![r]).ToArray())
                : TableColumn.Text(name, rows.Select(r => all.Texts![r]).ToArray());
            var present = Enumerable.Range(0, read.Length).Where(i => !read.IsMissing(i)).ToList();
            if (present.Count == 0)
            {
                warnings.Add($"column '{name}' dropped: all values are missing");
                continue;
            }
            var distinct = read.IsNumeric
                ? present.Select(i => read.Numbers![i]).Distinct().Take(2).Count()
                : present.Select(i => read.Texts![i].ToString()).Distinct().Take(2).Count();
            if (distinct == 1 && present.Count == read.Length)
            {
                warnings.Add($"column '{name}' dropped: it has a single value");
                continue;
            }
            columns.Add(read);
        }
        return columns;
    }

    private static void CheckCounts(int[] train, int[] test, bool[] labels, ExperimentSettings s)
    {
        int trainPositives = train.Count(r => labels[r]), trainNegatives = train.Length - trainPositives;
        int testPositives = test.Count(r => labels[r]), testNegatives = test.Length - testPositives;
        var needed = 2 * s.Folds;
        if (Math.Min(trainPositives, trainNegatives) < needed || testPositives == 0 || testNegatives == 0)
            throw new UserFacingException(
                $"too few rows for {s.Folds} folds and a {s.TestFraction:P0} test split: the training part has {trainPositives} positive " +
                $"and {trainNegatives} negative rows (each class needs at least {needed}: 2 per fold), the test part {testPositives} " +
                $"positive and {testNegatives} negative; use more data, fewer folds or a larger sample");
    }

    private static FeaturePlan DecidePlan(ColumnTable table, int[] train, double rareShare, int rareMinCount, List<string> warnings)
    {
        var plan = new FeaturePlan();
        foreach (var column in table.Columns.Where(c => c.IsNumeric))
        {
            plan.Numeric.Add(column.Name);
            var values = train.Select(r => column.Numbers![r]).ToArray();
            plan.Medians[column.Name] = Median(values);
            if (values.Any(float.IsNaN)) plan.WithMissing.Add(column.Name);
        }
        foreach (var ratio in RatioFeature.Known)
        {
            var numerator = table.Find(ratio.Numerator);
            var denominator = table.Find(ratio.Denominator);
            if (numerator is not { IsNumeric: true } || denominator is not { IsNumeric: true } || table.Find(ratio.Name) is not null) continue;
            plan.Ratios.Add(ratio);
            var values = train.Select(r => ratio.Compute(numerator.Numbers![r], denominator.Numbers![r])).ToArray();
            plan.Medians[ratio.Name] = Median(values);
            if (values.Any(float.IsNaN)) plan.WithMissing.Add(ratio.Name);
        }
        var threshold = Math.Max(rareMinCount, rareShare * train.Length);
        foreach (var column in table.Columns.Where(c => !c.IsNumeric))
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in train)
            {
                var level = column.Texts![r].ToString();
                counts[level] = counts.GetValueOrDefault(level) + 1;
            }
            var mapping = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (level, count) in counts)
                mapping[level] = count < threshold ? CategoricalFeature.Other : level.Length == 0 ? CategoricalFeature.Missing : level;
            var keptLevels = mapping.Values.Distinct().Count();
            if (keptLevels == 1)
                warnings.Add($"column '{column.Name}': all {counts.Count} levels are rare (fewer than {threshold:N0} rows); it carries no information");
            plan.Categorical.Add(new CategoricalFeature(column.Name, new Dictionary<string, string>(mapping)));
        }
        return plan;
    }

    private static double Median(float[] values)
    {
        var present = values.Where(v => !float.IsNaN(v)).OrderBy(v => v).ToArray();
        if (present.Length == 0) return double.NaN;
        var mid = present.Length / 2;
        return present.Length % 2 == 1 ? present[mid] : (present[mid - 1] + (double)present[mid]) / 2;
    }
}
