using System.Globalization;
using System.Text;
using CreditPoC.IO;
using Microsoft.Data.Analysis;

namespace CreditPoC.Modeling.Tuning;

/// <summary>One tuning trial: the parameters tried, the validation AUC they reached, rounds kept, and time taken.</summary>
public sealed record TrialRecord(int Number, IReadOnlyDictionary<string, double> Parameters, double ValidationAuc, int Rounds,
    double Seconds, double BestSoFar);

/// <summary>
/// Everything a tuning run produced: every trial in order, the best parameters (with their model, refitted exactly
/// as in the trial) and how much each parameter mattered.
/// </summary>
public sealed class TuningResult
{
    internal TuningResult(string searcher, SearchSpace space, IReadOnlyList<TrialRecord> trials, LightGbmParameters best,
        TrainedModel bestModel, int fitRows, int validationRows, bool stoppedByTimeout)
    {
        Searcher = searcher;
        Space = space;
        Trials = trials;
        BestParameters = best;
        BestModel = bestModel;
        FitRows = fitRows;
        ValidationRows = validationRows;
        StoppedByTimeout = stoppedByTimeout;
        ParameterImportance = Tuning.ParameterImportance.Compute(space, trials);
    }

    public string Searcher { get; }
    public SearchSpace Space { get; }
    public IReadOnlyList<TrialRecord> Trials { get; }
    public TrialRecord BestTrial => Trials.OrderByDescending(t => t.ValidationAuc).ThenBy(t => t.Number).First();
    public LightGbmParameters BestParameters { get; }
    public TrainedModel BestModel { get; }
    public int FitRows { get; }
    public int ValidationRows { get; }
    public bool StoppedByTimeout { get; }
    /// <summary>Share of importance per parameter (see <see cref="Tuning.ParameterImportance"/>), largest first.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> ParameterImportance { get; }

    /// <summary>One row per trial: number, each parameter, validation AUC, best so far, rounds, seconds.</summary>
    public DataFrame ToDataFrame()
    {
        var columns = new List<DataFrameColumn> { new Int32DataFrameColumn("trial", Trials.Select(t => t.Number)) };
        foreach (var p in Space.Parameters)
            columns.Add(new DoubleDataFrameColumn(p.Name, Trials.Select(t => t.Parameters[p.Name])));
        columns.Add(new DoubleDataFrameColumn("validation_auc", Trials.Select(t => t.ValidationAuc)));
        columns.Add(new DoubleDataFrameColumn("best_so_far", Trials.Select(t => t.BestSoFar)));
        columns.Add(new Int32DataFrameColumn("rounds", Trials.Select(t => t.Rounds)));
        columns.Add(new DoubleDataFrameColumn("seconds", Trials.Select(t => t.Seconds)));
        return new DataFrame(columns);
    }

    /// <summary>Writes trials.csv (invariant culture), atomically.</summary>
    public void SaveTrialsCsv(string path) => AtomicFile.WriteAllText(path, ToCsv());

    public string ToCsv()
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", new[] { "trial" }.Concat(Space.Parameters.Select(p => p.Name))
            .Concat(["validation_auc", "best_so_far", "rounds", "seconds"])));
        foreach (var t in Trials)
        {
            var cells = new List<string> { t.Number.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(Space.Parameters.Select(p => t.Parameters[p.Name].ToString("R", CultureInfo.InvariantCulture)));
            cells.Add(t.ValidationAuc.ToString("R", CultureInfo.InvariantCulture));
            cells.Add(t.BestSoFar.ToString("R", CultureInfo.InvariantCulture));
            cells.Add(t.Rounds.ToString(CultureInfo.InvariantCulture));
            cells.Add(t.Seconds.ToString("F3", CultureInfo.InvariantCulture));
            text.AppendLine(string.Join(",", cells));
        }
        return text.ToString();
    }

    /// <summary>Writes the best parameters as parameters/lightgbm.best.yaml-style YAML.</summary>
    public void SaveBestYaml(string path) => BestParameters.SaveYaml(path,
        $"best of {Trials.Count} trials ({Searcher} search), validation AUC {BestTrial.ValidationAuc.ToString("F4", CultureInfo.InvariantCulture)}, " +
        $"{BestTrial.Rounds} rounds; fitted on {FitRows:N0} rows, scored on {ValidationRows:N0} validation rows");

    public override string ToString() =>
        $"{Searcher} search: {Trials.Count} trials{(StoppedByTimeout ? " (stopped by timeout)" : "")}, best validation AUC " +
        $"{BestTrial.ValidationAuc.ToString("F4", CultureInfo.InvariantCulture)} at trial {BestTrial.Number}, {BestTrial.Rounds} rounds; {BestParameters}";
}

/// <summary>
/// How much each parameter mattered in a search: the absolute Spearman rank correlation between the parameter's
/// values and the trials' scores, scaled to sum to 1. A simple, monotone-only measure (it misses a parameter whose
/// best value lies mid-range); it needs at least 3 trials, otherwise every parameter gets an equal share.
/// </summary>
public static class ParameterImportance
{
    public static IReadOnlyList<KeyValuePair<string, double>> Compute(SearchSpace space, IReadOnlyList<TrialRecord> trials)
    {
        var finished = trials.Where(t => double.IsFinite(t.ValidationAuc)).ToList();
        var raw = space.Parameters.ToDictionary(p => p.Name, p => finished.Count < 3 ? 1.0
            : Math.Abs(Spearman(finished.Select(t => t.Parameters[p.Name]).ToArray(), finished.Select(t => t.ValidationAuc).ToArray())));
        var total = raw.Values.Sum();
        return raw.Select(kv => new KeyValuePair<string, double>(kv.Key, total > 0 ? kv.Value / total : 1.0 / raw.Count))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
    }

    internal static double Spearman(double[] x, double[] y)
    {
        var rx = Ranks(x);
        var ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0;
            i = j + 1;
        }
        return ranks;
    }
}
