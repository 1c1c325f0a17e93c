using System.Globalization;
using CreditPoC.IO;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CreditPoC.Modeling;

/// <summary>
/// LightGBM parameters under their LightGBM names (lambda_l1, num_leaves, ...), as the PoC's search space and
/// parameters/lightgbm.best.yaml name them. Rounds are chosen by early stopping: at most <see cref="NumBoostRound"/>,
/// stopping after <see cref="EarlyStoppingRounds"/> rounds without improvement of <see cref="EarlyStoppingMetric"/>
/// on the validation rows. <see cref="Default"/> is LightGBM's own defaults; <see cref="ForRows"/> the conservative
/// defaults that learn and the model comparison use, scaled to the number of training rows.
/// </summary>
public sealed record LightGbmParameters
{
    public double LambdaL1 { get; init; }
    public double LambdaL2 { get; init; }
    public int NumLeaves { get; init; } = 31;
    public double FeatureFraction { get; init; } = 1.0;
    public double BaggingFraction { get; init; } = 1.0;
    /// <summary>0 turns bagging off.</summary>
    public int BaggingFreq { get; init; }
    public int MinChildSamples { get; init; } = 20;
    public double LearningRate { get; init; } = 0.1;
    public int NumBoostRound { get; init; } = 1000;
    public int EarlyStoppingRounds { get; init; } = 50;

    /// <summary>
    /// What early stopping watches on the validation rows, under LightGBM's name: <c>auc</c> or <c>binary_logloss</c>.
    /// Log loss moves smoothly from round to round; AUC, a ranking, jumps on a small validation split, so that the
    /// best round on a few hundred rows is often an early one by chance.
    /// </summary>
    public string EarlyStoppingMetric { get; init; } = Auc;

    public const string Auc = "auc";
    public const string LogLoss = "binary_logloss";

    /// <summary>LightGBM's defaults (as PyCaret uses them) with early stopping on AUC.</summary>
    public static LightGbmParameters Default { get; } = new();

    /// <summary>
    /// The defaults of learn and of the model comparison: conservative parameters scaled to <paramref name="rows"/>,
    /// the rows the model learns from (early stopping holds back a share of them). LightGBM's own defaults (31 leaves of
    /// at least 20 rows, learning rate 0.1, no regularisation) memorise small training sets: on 11,334 generated rows
    /// they scored train AUC 0.95 against 0.76 out of time. Measured on generated data from 640 to 246,009 rows
    /// (README, "Learning at any size"):
    /// <list type="bullet">
    /// <item>leaves grow with the rows: 7 below 20,000 rows, 15 below 100,000, then LightGBM's 31;</item>
    /// <item>a leaf holds at least rows / 200 rows, between 20 and 100 (at 8% defaults, 20 rows hold 1–2 defaults);</item>
    /// <item>L2 regularisation 10 on the leaf values: its pull is strong on small leaves and fades on large ones, so it
    /// scales with the data by itself;</item>
    /// <item>each tree sees half the features and 80% of the rows, a new sample every round;</item>
    /// <item>learning rate 0.03 below 20,000 rows, 0.05 above (more, smaller steps where a step overfits sooner);</item>
    /// <item>early stopping after 50 rounds without improvement of the validation log loss.</item>
    /// </list>
    /// </summary>
    public static LightGbmParameters ForRows(int rows)
    {
        if (rows < 1) throw new UserFacingException($"rows must be at least 1 (got {rows})");
        return Default with
        {
            NumLeaves = rows < 20_000 ? 7 : rows < 100_000 ? 15 : 31,
            MinChildSamples = Math.Clamp(rows / 200, 20, 100),
            LambdaL2 = 10,
            FeatureFraction = 0.5,
            BaggingFraction = 0.8,
            BaggingFreq = 1,
            LearningRate = rows < 20_000 ? 0.03 : 0.05,
            EarlyStoppingMetric = LogLoss,
        };
    }

    /// <summary>
    /// A deliberately simple model of the same kind, for the quality gate's overfitting check: <see cref="ForRows"/>
    /// with trees of 4 leaves. A model whose validation AUC trails it has learned the training rows rather than the
    /// pattern.
    /// </summary>
    public static LightGbmParameters Reference(int rows) => ForRows(rows) with { NumLeaves = 4 };

    /// <summary>Builds parameters from a search point named as in <see cref="Tuning.SearchSpace.LightGbm"/>.</summary>
    public static LightGbmParameters FromPoint(IReadOnlyDictionary<string, double> point)
    {
        var p = Default;
        foreach (var (name, value) in point)
        {
            p = name switch
            {
                "lambda_l1" => p with { LambdaL1 = value },
                "lambda_l2" => p with { LambdaL2 = value },
                "num_leaves" => p with { NumLeaves = (int)Math.Round(value) },
                "feature_fraction" => p with { FeatureFraction = value },
                "bagging_fraction" => p with { BaggingFraction = value },
                "bagging_freq" => p with { BaggingFreq = (int)Math.Round(value) },
                "min_child_samples" => p with { MinChildSamples = (int)Math.Round(value) },
                "learning_rate" => p with { LearningRate = value },
                _ => throw new UserFacingException($"unknown LightGBM parameter '{name}' in the search space; known: lambda_l1, lambda_l2, num_leaves, feature_fraction, bagging_fraction, bagging_freq, min_child_samples, learning_rate"),
            };
        }
        return p.Validated("the search space");
    }

    /// <summary>
    /// The parameters as LightGBM's C API reads them for a Booster: binary objective, the early-stopping metric, and
    /// LightGBM's <c>deterministic</c> with row-wise histograms, so the same seed, threads and data give the same model.
    /// </summary>
    internal string BoosterParameters(int seed, int threads) => string.Join(' ',
        "objective=binary", $"metric={EarlyStoppingMetric}",
        $"num_leaves={NumLeaves}", $"min_data_in_leaf={MinChildSamples}", $"learning_rate={Number(LearningRate)}",
        $"lambda_l1={Number(LambdaL1)}", $"lambda_l2={Number(LambdaL2)}", $"feature_fraction={Number(FeatureFraction)}",
        $"bagging_fraction={Number(BaggingFraction)}", $"bagging_freq={BaggingFreq}",
        $"seed={seed}", "deterministic=true", "force_row_wise=true", $"num_threads={threads}", "verbosity=-1");

    /// <summary>
    /// The parameters of a Dataset (binning): LightGBM's 255 bins, the categorical columns, and no pre-filtering of
    /// features by min_data_in_leaf, so that one Dataset serves trials with any min_child_samples.
    /// </summary>
    internal static string DatasetParameters(IReadOnlyList<int> categorical, int seed, int threads) => string.Join(' ',
        "max_bin=255", "feature_pre_filter=false", $"data_random_seed={seed}",
        categorical.Count == 0 ? "" : $"categorical_feature={string.Join(',', categorical)}",
        $"num_threads={threads}", "verbosity=-1");

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Checks ranges; <paramref name="source"/> names where the values came from.</summary>
    public LightGbmParameters Validated(string source)
    {
        void Check(bool ok, string name, string expected)
        {
            if (!ok) throw new UserFacingException($"{source}: {name} must be {expected}");
        }
        Check(LambdaL1 >= 0 && double.IsFinite(LambdaL1), "lambda_l1", ">= 0");
        Check(LambdaL2 >= 0 && double.IsFinite(LambdaL2), "lambda_l2", ">= 0");
        Check(NumLeaves >= 2, "num_leaves", ">= 2");
        Check(FeatureFraction is > 0 and <= 1, "feature_fraction", "in (0, 1]");
        Check(BaggingFraction is > 0 and <= 1, "bagging_fraction", "in (0, 1]");
        Check(BaggingFreq >= 0, "bagging_freq", ">= 0");
        Check(MinChildSamples >= 1, "min_child_samples", ">= 1");
        Check(LearningRate is > 0 and <= 1, "learning_rate", "in (0, 1]");
        Check(NumBoostRound >= 1, "num_boost_round", ">= 1");
        Check(EarlyStoppingRounds >= 0, "early_stopping_rounds", ">= 0");
        Check(EarlyStoppingMetric is Auc or LogLoss, "early_stopping_metric", $"{Auc} or {LogLoss} (got '{EarlyStoppingMetric}')");
        return this;
    }

    /// <summary>The parameters as (LightGBM name, value) pairs, in a stable order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> ToPairs() =>
    [
        new("lambda_l1", LambdaL1), new("lambda_l2", LambdaL2), new("num_leaves", NumLeaves),
        new("feature_fraction", FeatureFraction), new("bagging_fraction", BaggingFraction),
        new("bagging_freq", BaggingFreq), new("min_child_samples", MinChildSamples),
        new("learning_rate", LearningRate), new("num_boost_round", NumBoostRound),
        new("early_stopping_rounds", EarlyStoppingRounds),
    ];

    public override string ToString() =>
        string.Join(", ", ToPairs().Select(p => $"{p.Key}={p.Value.ToString("G6", CultureInfo.InvariantCulture)}")) +
        $", early_stopping_metric={EarlyStoppingMetric}";

    private static ISerializer Serializer { get; } = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    private static IDeserializer Deserializer { get; } = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    /// <summary>Writes the parameters as YAML (atomically), with a comment header.</summary>
    public void SaveYaml(string path, string? comment = null)
    {
        var header = "# LightGBM parameters (LightGBM names), read by the learn notebook.\n" +
                     (comment is null ? "" : string.Join("", comment.Split('\n').Select(l => $"# {l}\n")));
        AtomicFile.WriteAllText(path, header + Serializer.Serialize(this));
    }

    /// <summary>Reads parameters written by <see cref="SaveYaml"/>; keys left out keep their defaults.</summary>
    public static LightGbmParameters LoadYaml(string path)
    {
        if (!File.Exists(path))
            throw new UserFacingException($"{path}: file not found (expected LightGBM parameters in YAML)");
        try
        {
            var parsed = Deserializer.Deserialize<LightGbmParameters?>(File.ReadAllText(path)) ?? Default;
            return parsed.Validated(path);
        }
        catch (YamlException e)
        {
            throw new UserFacingException($"{path}: not valid LightGBM parameters at line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
    }
}
