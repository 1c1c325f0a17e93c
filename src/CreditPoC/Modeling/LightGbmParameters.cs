using System.Globalization;
using CreditPoC.IO;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CreditPoC.Modeling;

/// <summary>
/// LightGBM parameters under their LightGBM names (lambda_l1, num_leaves, ...), as the PoC's search space and
/// parameters/lightgbm.best.yaml name them. Rounds are chosen by early stopping: at most <see cref="NumBoostRound"/>,
/// stopping after <see cref="EarlyStoppingRounds"/> rounds without improvement of validation AUC.
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

    /// <summary>LightGBM's defaults (as PyCaret uses them) with early stopping.</summary>
    public static LightGbmParameters Default { get; } = new();

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
        string.Join(", ", ToPairs().Select(p => $"{p.Key}={p.Value.ToString("G6", CultureInfo.InvariantCulture)}"));

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
