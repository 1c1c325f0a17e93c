using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using CreditPoC.IO;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CreditPoC.Modeling;

/// <summary>How <see cref="TrainedModel.Predict(Microsoft.Data.Analysis.DataFrame)"/> scored a batch.</summary>
public enum ScoringPath
{
    /// <summary>No batch scored yet.</summary>
    None,
    /// <summary>Flat arrays of LightGBM's trees read from its model text, the features written from the plan (LightGBM models).</summary>
    Compiled,
    /// <summary>The ML.NET transformer chain.</summary>
    Chain,
    /// <summary>LightGBM's own PredictForMat (when a batch's check found the compiled trees disagreeing).</summary>
    Native,
}

/// <summary>What a saved model records beside its ML.NET transforms: where it came from and what it needs.</summary>
public sealed record ModelMetadata
{
    public required string Model { get; init; }
    public required string Target { get; init; }
    public required string PositiveLabel { get; init; }
    public required FeaturePlan Plan { get; init; }
    public LightGbmParameters? Parameters { get; init; }
    public int? Rounds { get; init; }
    public int TrainRows { get; init; }
    public int Seed { get; init; }
    /// <summary>Split-gain importance per source feature (tree models), share of the total.</summary>
    public Dictionary<string, double>? GainImportance { get; init; }
    /// <summary>Index in the transformer chain of the trainer's prediction transformer.</summary>
    public int PredictorIndex { get; init; }
}

/// <summary>
/// A fitted model with its metadata. LightGBM: the feature plan (the transforms) and LightGBM's own trees
/// (<see cref="NativeLightGbmModel"/>, trained through its C API). The other families, and LightGBM models saved
/// before: preprocessing, trainer, calibrator (for trainers without probabilities) and feature contributions as one
/// ML.NET transformer chain. Save writes one model zip with a metadata entry (<see cref="NativeModelFile"/> for
/// LightGBM, an ML.NET model zip for the rest); Load reads either back and checks scoring data against the recorded
/// input columns.
/// </summary>
public sealed partial class TrainedModel : IScoringModel
{
    internal const string MetadataEntry = "CreditPoC/metadata.json";
    internal const string ContributionsColumn = "FeatureContributions";
    internal static JsonSerializerOptions JsonOptions => Json;
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        // A median of a column missing in every training row is NaN.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
    // Built once, on first use, by whichever thread gets there first; immutable afterwards, so any number of threads
    // may score one model at once (a web API does).
    private readonly Lazy<(string Source, string? Detail)[]> _slots;
    private readonly Lazy<ITransformer> _scoringChain;
    private readonly Lazy<CompiledTreeScorer?> _compiled;
    private readonly ConcurrentBag<SingleRowScorer> _rowScorers = [];
    private readonly ConcurrentBag<SingleRowScorer> _rowExplainers = [];
    /// <summary>Set once, when a batch shows the compiled trees disagreeing with LightGBM's own prediction: the model scores through LightGBM from then on.</summary>
    private string? _compiledRejected;
    private volatile ScoringPath _lastScoringPath;

    internal TrainedModel(NativeLightGbmModel native, ModelMetadata metadata) : this(chain: null, metadata) => Native = native;

    internal TrainedModel(TransformerChain<ITransformer>? chain, ModelMetadata metadata)
    {
        Chain = chain;
        Metadata = metadata;
        _slots = new(MapSlots, LazyThreadSafetyMode.ExecutionAndPublication);
        _scoringChain = new(() => new TransformerChain<ITransformer>(
            MlNetChain.TakeWhile(t => t is not Microsoft.ML.Transforms.FeatureContributionCalculatingTransformer).ToArray()),
            LazyThreadSafetyMode.ExecutionAndPublication);
        _compiled = new(() => Native is null ? null : CompiledTreeScorer.Create(Native), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The ML.NET transformer chain (logistic regression, trees, SVM, and LightGBM models saved before issue 18); null for a LightGBM model trained through its C API.</summary>
    internal TransformerChain<ITransformer>? Chain { get; }

    /// <summary>A LightGBM model trained through LightGBM's C API (null for the ML.NET families).</summary>
    internal NativeLightGbmModel? Native { get; }

    private TransformerChain<ITransformer> MlNetChain => Chain
        ?? throw new UserFacingException($"the {Name} model is LightGBM's own (trained through its C API) and has no ML.NET transformer chain");
    public ModelMetadata Metadata { get; }
    /// <summary>The model id (lr, dt, rf, svm, lightgbm).</summary>
    public string Model => Metadata.Model;
    public string Name => ModelCatalog.Get(Model).Name;
    string IScoringModel.Kind => Model;
    /// <summary>The source features the model uses (columns and ratio features).</summary>
    public IReadOnlyList<string> Features => Metadata.Plan.Features.ToList();
    /// <summary>The columns scoring data must have.</summary>
    public IReadOnlyList<string> InputColumns => Metadata.Plan.InputColumns;
    public LightGbmParameters? Parameters => Metadata.Parameters;
    public int? Rounds => Metadata.Rounds;

    /// <summary>The ML.NET transformer chain (input: the model's input columns; output adds Score, Probability, PredictedLabel).</summary>
    public ITransformer Transformer => MlNetChain;

    /// <summary>The probability of the positive label for each row.</summary>
    /// <remarks>
    /// LightGBM models are scored by <see cref="CompiledTreeScorer"/> (their trees as flat arrays) after its raw scores
    /// for the first rows of the batch are checked against LightGBM's own PredictForMat, which stays the fallback; ML.NET
    /// models go through their chain in one pass that reads only the probability, over row chunks scored side by side.
    /// A row's probability never depends on the path or the chunking. Safe to call from several threads at once.
    /// </remarks>
    public double[] Predict(DataFrame data) => Predict(data, out _);

    /// <summary>The probability of the positive label for each row, and how this call scored them.</summary>
    public double[] Predict(DataFrame data, out ScoringPath path)
    {
        var table = ToTable(data);
        if (Native is not null)
        {
            var raw = NativeRawScores(table, out path);
            _lastScoringPath = path;
            return raw.Select(NativeLightGbmModel.Probability).ToArray();
        }
        var probabilities = new double[table.RowCount];
        _lastScoringPath = path = ScoringPath.Chain;
        var chunks = table.RowCount < ParallelScoringRows ? 1 : Math.Min(Environment.ProcessorCount, table.RowCount / (ParallelScoringRows / 2));
        var size = (table.RowCount + chunks - 1) / Math.Max(1, chunks);
        Parallel.For(0, Math.Max(1, chunks), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, chunks) }, chunk =>
        {
            var start = chunk * size;
            var count = Math.Max(0, Math.Min(size, table.RowCount - start));
            ScoreThroughChain(table, chunks == 1 ? null : Enumerable.Range(start, count).ToArray(), probabilities, start);
        });
        return probabilities;
    }

    /// <summary>
    /// How the last <see cref="Predict(DataFrame)"/> call to finish scored its rows (of any thread: a caller that
    /// scores from several threads reads its own call's path from <see cref="Predict(DataFrame, out ScoringPath)"/>).
    /// </summary>
    public ScoringPath LastScoringPath => _lastScoringPath;

    /// <summary>Why this model is not scored by the compiled path (null when it is).</summary>
    internal string? CompiledUnavailableReason => Compiled is not null ? null
        : Volatile.Read(ref _compiledRejected) ?? $"the {Name} model is an ML.NET model (only LightGBM's trees are compiled)";

    internal CompiledTreeScorer? Compiled => Volatile.Read(ref _compiledRejected) is null ? _compiled.Value : null;

    /// <summary>Rows of each batch scored both ways before the compiled path is trusted with the batch.</summary>
    private const int CheckedRows = 64;

    /// <summary>Whether the compiled trees give LightGBM's own raw scores on the batch's first rows; a disagreement is remembered.</summary>
    private bool CompiledAgreesWithLightGbm(CompiledTreeScorer compiled, ColumnTable table)
    {
        var rows = Enumerable.Range(0, Math.Min(CheckedRows, table.RowCount)).ToArray();
        var expected = Native!.ReferenceRawScores(Native.Features.Build(table, rows), 1);
        var actual = new double[rows.Length];
        compiled.RawScores(table, 0, rows.Length, actual);
        for (var i = 0; i < rows.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > 1e-9 * Math.Max(1, Math.Abs(expected[i])) || double.IsNaN(expected[i]) != double.IsNaN(actual[i]))
            {
                Interlocked.CompareExchange(ref _compiledRejected,
                    $"row {i}: the compiled trees gave {actual[i]} where LightGBM gave {expected[i]}", null);
                return false;
            }
        }
        return true;
    }

    /// <summary>Probabilities through the ML.NET chain for the given rows (all when null), into output[start…].</summary>
    private void ScoreThroughChain(ColumnTable table, int[]? rows, double[] output, int start)
    {
        var view = rows is null ? table.View(withLabel: false) : table.View(rows, withLabel: false);
        var scored = ScoringChain.Transform(view);
        var column = scored.Schema["Probability"];
        using var cursor = scored.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        var value = 0f;
        var i = start;
        while (cursor.MoveNext())
        {
            getter(ref value);
            output[i++] = value;
        }
    }

    /// <summary>
    /// The chain without its trailing feature-contribution step: scoring through the full chain costs about twice
    /// as much even when only the probability is read.
    /// </summary>
    internal ITransformer ScoringChain => _scoringChain.Value;

    /// <summary>Tables with at least this many rows are scored in parallel chunks.</summary>
    private const int ParallelScoringRows = 20_000;

    /// <summary>Explaining a row costs several times scoring it: tables from this size are explained in parallel chunks.</summary>
    private const int ParallelExplainRows = 1_000;

    /// <summary>
    /// A fast scorer for one application at a time (an API's path): the same probability as <see cref="Predict(DataFrame)"/>,
    /// in microseconds instead of the milliseconds a one-row DataFrame costs. Create one per thread, or call <see cref="ScoreRow"/>.
    /// </summary>
    public SingleRowScorer CreateScorer() => new(this);

    /// <summary>
    /// The probability of the positive label for one application (see <see cref="SingleRowScorer.Score"/>). Safe to call
    /// from many threads at once: each call borrows a scorer of its own from a pool (ML.NET's row mappers are not thread-safe).
    /// </summary>
    public double ScoreRow(IReadOnlyDictionary<string, object?> row)
    {
        var scorer = _rowScorers.TryTake(out var pooled) ? pooled : CreateScorer();
        try
        {
            return scorer.Score(row);
        }
        finally
        {
            _rowScorers.Add(scorer);
        }
    }

    /// <summary>
    /// The probability and top reasons of one application given as name → value (an API's path): the same as
    /// <see cref="Explain"/> on a one-row table, in a fraction of the time. Safe to call from many threads at once.
    /// </summary>
    public ApplicantExplanation ExplainRow(IReadOnlyDictionary<string, object?> row, int top = 3)
    {
        if (top < 1) throw new UserFacingException($"top must be at least 1 (got {top})");
        var explainer = _rowExplainers.TryTake(out var pooled) ? pooled : new SingleRowScorer(this, explain: true);
        try
        {
            return explainer.Explain(row, top);
        }
        finally
        {
            _rowExplainers.Add(explainer);
        }
    }

    /// <summary>The <paramref name="top"/> reasons from one row's slot contributions; <paramref name="text"/> and <paramref name="number"/> read the row's input values.</summary>
    internal IReadOnlyList<Reason> TopReasons(IReadOnlyList<float> contributions, int top, Func<string, string> text, Func<string, float> number)
    {
        // FastForest averages its trees but ML.NET sums each tree's contributions: bring them to the score's scale.
        var scale = Model == "rf" && Rounds is > 0 ? 1.0 / Rounds.Value : 1.0;
        return FeatureSlots.Aggregate(Slots(), contributions).Select(kv => KeyValuePair.Create(kv.Key, kv.Value * scale)).Where(kv => kv.Value != 0)
            .OrderByDescending(kv => Math.Abs(kv.Value)).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(kv => Describe(kv.Key, kv.Value, text, number))
            .ToList();
    }

    /// <summary>For each row, the <paramref name="top"/> features that moved its score most, in readable words.</summary>
    /// <remarks>One pass through the chain reads each row's probability and contributions; large tables are explained
    /// in row chunks side by side, as <see cref="Predict(DataFrame)"/> scores them.</remarks>
    public IReadOnlyList<ApplicantExplanation> Explain(DataFrame data, int top = 3)
    {
        if (top < 1) throw new UserFacingException($"top must be at least 1 (got {top})");
        var table = ToTable(data);
        if (Native is not null) return ExplainNative(table, top);
        var explanations = new ApplicantExplanation[table.RowCount];
        var chunks = table.RowCount < ParallelExplainRows ? 1 : Math.Min(Environment.ProcessorCount, table.RowCount / (ParallelExplainRows / 2));
        var size = (table.RowCount + chunks - 1) / Math.Max(1, chunks);
        Parallel.For(0, Math.Max(1, chunks), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, chunks) }, chunk =>
        {
            var start = chunk * size;
            var count = Math.Max(0, Math.Min(size, table.RowCount - start));
            ExplainThroughChain(table, chunks == 1 ? null : Enumerable.Range(start, count).ToArray(), top, explanations, start);
        });
        return explanations;
    }

    private void ExplainThroughChain(ColumnTable table, int[]? rows, int top, ApplicantExplanation[] output, int start)
    {
        var view = rows is null ? table.View(withLabel: false) : table.View(rows, withLabel: false);
        var scored = MlNetChain.Transform(view);
        var probabilityColumn = scored.Schema["Probability"];
        var contributionsColumn = scored.Schema[ContributionsColumn];
        using var cursor = scored.GetRowCursor([probabilityColumn, contributionsColumn]);
        var probability = cursor.GetGetter<float>(probabilityColumn);
        var contributions = cursor.GetGetter<VBuffer<float>>(contributionsColumn);
        var p = 0f;
        var buffer = new VBuffer<float>();
        var row = start;
        while (cursor.MoveNext())
        {
            probability(ref p);
            contributions(ref buffer);
            var at = row;
            output[row] = new ApplicantExplanation(row, p, TopReasons(buffer.DenseValues().ToArray(), top,
                name => table.Find(name)!.Texts![at].ToString(), name => table.Find(name)!.Numbers![at]));
            row++;
        }
    }

    /// <summary>The top reasons for one row of <paramref name="data"/> (0-based).</summary>
    public ApplicantExplanation ExplainRow(DataFrame data, long row, int top = 3)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (row < 0 || row >= data.Rows.Count)
            throw new UserFacingException($"row {row} is outside the data (it has {data.Rows.Count} rows)");
        var one = data.Filter(new PrimitiveDataFrameColumn<long>("rows", [row]));
        return Explain(one, top)[0] with { Row = checked((int)row) };
    }

    internal Reason Describe(string feature, double contribution, Func<string, string> text, Func<string, float> number)
    {
        var plan = Metadata.Plan;
        var category = plan.Categorical.FirstOrDefault(c => c.Name == feature);
        if (category is not null)
        {
            var value = text(feature);
            var description = value.Length == 0 ? "missing"
                : !category.Mapping.TryGetValue(value, out var level) ? $"{value} (not seen in training)"
                : level == CategoricalFeature.Other ? $"{value} (rare, as Other)"
                : value;
            return new Reason(feature, description, value, contribution, ReasonUnitOf(Model));
        }
        var ratio = plan.Ratios.FirstOrDefault(r => r.Name == feature);
        var x = ratio is null ? number(feature) : ratio.Compute(number(ratio.Numerator), number(ratio.Denominator));
        var median = plan.Medians.GetValueOrDefault(feature, double.NaN);
        var word = float.IsNaN(x) ? "missing"
            : double.IsNaN(median) || x == median ? "typical"
            : x < median ? "low" : "high";
        return new Reason(feature, word, float.IsNaN(x) ? "" : x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), contribution, ReasonUnitOf(Model));
    }

    /// <summary>Logistic regression's contributions and LightGBM's TreeSHAP values are log-odds; ML.NET's tree families' are an influence ranking.</summary>
    private ReasonUnit ReasonUnitOf(string model) => model == "lr" || Native is not null ? ReasonUnit.LogOdds : ReasonUnit.Influence;

    /// <summary>Writes one ML.NET model zip (transforms + trainer + metadata), atomically.</summary>
    public void Save(string path)
    {
        if (Native is not null)
        {
            AtomicFile.Write(path, stream => NativeModelFile.Write(stream, Native, Metadata, Json));
            return;
        }
        var ml = new MLContext(Metadata.Seed);
        using var buffer = new MemoryStream();
        ml.Model.Save(Chain, InputSchema(Metadata.Plan), buffer);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.CreateEntry(MetadataEntry);
            using var writer = entry.Open();
            JsonSerializer.Serialize(writer, Metadata, Json);
        }
        AtomicFile.Write(path, stream =>
        {
            buffer.Position = 0;
            buffer.CopyTo(stream);
        });
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static TrainedModel Load(string path)
    {
        if (!File.Exists(path)) throw new UserFacingException($"{path}: model file not found");
        ModelMetadata metadata;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry(MetadataEntry)
                        ?? throw new UserFacingException($"{path}: not a CreditPoC model (no {MetadataEntry} inside)");
            using var stream = entry.Open();
            metadata = JsonSerializer.Deserialize<ModelMetadata>(stream, Json)
                       ?? throw new UserFacingException($"{path}: empty model metadata");
        }
        catch (InvalidDataException e)
        {
            throw new UserFacingException($"{path}: not a model zip ({e.Message})", e);
        }
        if (NativeModelFile.TryRead(path) is { } native) return new TrainedModel(native, metadata);
        var ml = new MLContext(metadata.Seed);
        var loaded = ml.Model.Load(path, out _);
        var chain = loaded as TransformerChain<ITransformer>
                    ?? throw new UserFacingException($"{path}: unexpected model layout ({loaded.GetType().Name})");
        return new TrainedModel(chain, metadata);
    }

    internal static DataViewSchema InputSchema(FeaturePlan plan)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var name in plan.InputColumns)
            builder.AddColumn(name, plan.IsCategorical(name) ? TextDataViewType.Instance : NumberDataViewType.Single);
        return builder.ToSchema();
    }

    /// <summary>Checks and converts scoring data: every input column must be there; extra columns are ignored.</summary>
    internal ColumnTable ToTable(DataFrame data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var names = data.Columns.Select(c => c.Name).ToHashSet();
        var missing = InputColumns.Where(c => !names.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new UserFacingException(
                $"the data to score has no column {NameList.Shorten(missing.Select(m => $"'{m}'"))}, which the {Name} model needs " +
                $"(it was trained on {InputColumns.Count} input columns)");
        var columns = new TableColumn[InputColumns.Count];
        Parallel.For(0, columns.Length, i =>
        {
            var name = InputColumns[i];
            columns[i] = TableColumn.Read(data.Columns[name], asText: Metadata.Plan.IsCategorical(name));
        });
        return new ColumnTable(columns, null, checked((int)data.Rows.Count));
    }

    /// <summary>Raw score, probability and predicted label for every row of a view.</summary>
    internal (float[] Score, float[] Probability, bool[] Predicted) Score(IDataView view)
    {
        var output = MlNetChain.Transform(view);
        return (output.GetColumn<float>("Score").ToArray(), output.GetColumn<float>("Probability").ToArray(),
            output.GetColumn<bool>("PredictedLabel").ToArray());
    }

    /// <summary>The preprocessing part of the chain (everything before the trainer).</summary>
    internal ITransformer Preprocessor => new TransformerChain<ITransformer>(MlNetChain.Take(Metadata.PredictorIndex).ToArray());

    internal ITransformer Predictor => MlNetChain.ElementAt(Metadata.PredictorIndex);

    internal (string Source, string? Detail)[] Slots() => _slots.Value;

    private (string Source, string? Detail)[] MapSlots() =>
        FeatureSlots.Map(Preprocessor.GetOutputSchema(InputSchema(Metadata.Plan)), Metadata.Plan);
}
