using CreditPoC.Trial;

namespace CreditPoC.Bench.Steps;

/// <summary>The trial's feature engineering for training, file to file (load the CSV, check, flag rows, write the Parquet feature table the pipeline passes on).</summary>
internal sealed class FeatureStep : IBenchStep
{
    public string Name => "features";

    public string Description => "feature engineering for training (FeatureEngineering.Build, file to file)";

    public int Order => 40;

    public StepResult Run(BenchContext context)
    {
        var output = Path.Combine(context.WorkDirectory, "features_train" + CreditPoC.Loading.TableFile.ParquetExtension);
        FeatureTable? table = null;
        var timings = Measure.Run(context, context.Settings.Repeat, () =>
        {
            table = FeatureEngineering.Build(context.Settings.DataPath, context.Schema, DataType.Train, output);
        }, beforeEach: () => table = null); // the previous run's result goes before the next run, as in a fresh process
        var figures = new Dictionary<string, double> { ["columns"] = table!.Columns, ["flagged_rows"] = table.FlaggedRows };
        return StepResults.From(this, timings, table.Rows, target: "≤ 10 s", met: timings.Median <= 10, figures: figures,
            notes: ["includes reading the CSV and writing the feature table (Parquet, as the pipeline does)"]);
    }
}
