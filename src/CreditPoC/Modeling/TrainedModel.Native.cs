namespace CreditPoC.Modeling;

public sealed partial class TrainedModel
{
    /// <summary>Threads LightGBM's own predictions use (the process's cores).</summary>
    private static int NativeThreads => Environment.ProcessorCount;

    /// <summary>
    /// Raw scores (log-odds) of every row of a table, for a model trained through LightGBM's C API: by the compiled
    /// trees once their scores of the table's first rows match LightGBM's own, else by LightGBM's PredictForMat.
    /// </summary>
    internal double[] NativeRawScores(ColumnTable table, out ScoringPath path)
    {
        var native = Native ?? throw new InvalidOperationException("not a LightGBM model of its C API");
        if (Compiled is { } compiled && CompiledAgreesWithLightGbm(compiled, table))
        {
            var raw = new double[table.RowCount];
            compiled.RawScores(table, 0, table.RowCount, raw);
            path = ScoringPath.Compiled;
            return raw;
        }
        path = ScoringPath.Native;
        return native.ReferenceRawScores(native.Features.Build(table), NativeThreads);
    }

    /// <summary>Raw scores of the given rows of a table (an experiment's).</summary>
    internal double[] NativeRawScores(ColumnTable table, IReadOnlyList<int> rows)
    {
        var matrix = Native!.Features.Build(table, rows);
        return Compiled is { } compiled ? compiled.RawScores(matrix, NativeThreads) : Native.ReferenceRawScores(matrix, NativeThreads);
    }

    /// <summary>Raw scores and probabilities of the given rows of a table (an experiment's), by whichever path the model has.</summary>
    internal (double[] Scores, double[] Probabilities) ScoreTable(ColumnTable table, int[] rows)
    {
        if (Native is not null)
        {
            var raw = NativeRawScores(table, rows);
            return (raw, raw.Select(NativeLightGbmModel.Probability).ToArray());
        }
        var (scores, probabilities, _) = Score(table.View(rows, InputColumns));
        return (scores.Select(s => (double)s).ToArray(), probabilities.Select(p => (double)p).ToArray());
    }

    /// <summary>
    /// The top reasons of every row from the TreeSHAP values of its features (log-odds; with the expected value they
    /// sum to the row's raw score).
    /// </summary>
    private IReadOnlyList<ApplicantExplanation> ExplainNative(ColumnTable table, int top)
    {
        var native = Native!;
        var matrix = native.Features.Build(table);
        var width = matrix.Columns + 1;
        var contributions = native.Trees.Contributions(matrix);
        var names = native.Features.Names;
        var explanations = new ApplicantExplanation[matrix.Rows];
        Parallel.For(0, matrix.Rows, row =>
        {
            var phi = contributions.AsSpan(row * width, width);
            // The probability from the trees' own sum, as Predict gives it: the TreeSHAP values add up to it only to the last bits.
            explanations[row] = new ApplicantExplanation(row, NativeLightGbmModel.Probability(native.Trees.Output(matrix.Row(row))),
                NativeReasons(phi[..^1].ToArray(), names, top, name => table.Find(name)!.Texts![row].ToString(), name => table.Find(name)!.Numbers![row]));
        });
        return explanations;
    }

    /// <summary>The <paramref name="top"/> features with the largest TreeSHAP values (by size), in words.</summary>
    internal IReadOnlyList<Reason> NativeReasons(double[] phi, string[] names, int top, Func<string, string> text, Func<string, float> number)
    {
        var order = Enumerable.Range(0, phi.Length).Where(i => phi[i] != 0)
            .OrderByDescending(i => Math.Abs(phi[i])).ThenBy(i => names[i], StringComparer.Ordinal).Take(top);
        return order.Select(i => Describe(names[i], phi[i], text, number)).ToList();
    }
}
