using System.Globalization;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Rendering;
using CreditPoC.Scorecards;

namespace CreditPoC.Bench.Steps;

/// <summary>
/// Notebook 05 (the scorecard) end to end on the bench table, start to saved notebook and HTML: binning, selection,
/// the card, the test split with LightGBM and logistic regression beside it, stability, and its three files.
/// </summary>
internal sealed class ScorecardNotebookStep : IBenchStep
{
    public string Name => "scorecard";

    public string Description => "notebook 05_scorecard end to end (all rows, no sample)";

    public int Order => 95;

    public StepResult Run(BenchContext context)
    {
        const string target = "≤ 5 min";
        var input = Path.Combine(context.Settings.RepositoryRoot, "notebooks", "poc", "05_scorecard.ipynb");
        if (!File.Exists(input)) return StepResults.Skipped(this, $"skipped: no {input}", target);
        var folder = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "scorecard")).FullName;
        var output = Path.Combine(folder, "05_scorecard.ipynb");
        var outputDir = Path.Combine(folder, "out");
        var parameters = new Dictionary<string, string>
        {
            ["DATA_PATH"] = Path.GetFullPath(context.Settings.DataPath),
            ["SCHEMA_PATH"] = Path.GetFullPath(context.Settings.SchemaPath),
            ["TARGET"] = context.Target,
            ["POSITIVE_LABEL"] = context.PositiveLabel,
            ["ID_COLUMN"] = context.Schema.IdColumn ?? "",
            ["FOLDS"] = context.Settings.Folds.ToString(CultureInfo.InvariantCulture),
            ["SAMPLE_ROWS"] = "0",
            ["SEED"] = context.Settings.Seed.ToString(CultureInfo.InvariantCulture),
            ["OUTPUT_DIR"] = outputDir,
        };
        var executor = context.Settings.NotebookExecutor;
        var timings = Measure.Run(context, context.Settings.HeavyRepeat, () =>
        {
            var result = executor.RunAsync(new NotebookRunOptions { InputPath = input, OutputPath = output, Parameters = parameters }).GetAwaiter().GetResult();
            if (!result.Succeeded) throw new InvalidOperationException($"05_scorecard failed: {result.ErrorName}: {result.ErrorMessage} (see {output})");
            NotebookHtmlRenderer.RenderFile(output, Path.ChangeExtension(output, ".html"));
        }, skipWarmUp: true);

        var card = ScorecardYaml.Load(Path.Combine(outputDir, "scorecard.yaml"));
        var figures = new Dictionary<string, double> { ["characteristics_in_card"] = card.Characteristics.Count, ["bins_in_card"] = card.Table.Count };
        return StepResults.From(this, timings, context.Settings.Rows, perRow: false, target: target, met: timings.Median <= 5 * 60, figures: figures,
            notes: [$"one run per repeat, no warm-up; card: {card.Characteristics.Count} characteristics, {card.Table.Count} bins; output {output}"]);
    }
}
