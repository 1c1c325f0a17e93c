using System.Globalization;
using CreditPoC.IO;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CreditPoC.Scorecards;

/// <summary>
/// A scorecard as a readable, versionable YAML file: the points scale, the intercept, and per characteristic its
/// coefficient and bins (bounds or levels, counts, WoE, points). Points are written for a reader; loading
/// recomputes them from WoE and coefficient and refuses a file whose points do not agree (it was edited by hand).
/// </summary>
public static class ScorecardYaml
{
    private const double PointsTolerance = 1e-6;

    private static ISerializer Serializer { get; } = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .Build();

    private static IDeserializer Deserializer { get; } = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    public static void Save(Scorecard card, string path)
    {
        var file = new FileShape
        {
            Kind = "scorecard",
            BaseScore = card.Scale.BaseScore, BaseOdds = card.Scale.BaseOdds, PointsToDoubleOdds = card.Scale.PointsToDoubleOdds,
            Intercept = card.Intercept,
            DroppedForSign = [.. card.DroppedForSign],
            Characteristics = card.Characteristics.Select((c, i) => new CharacteristicShape
            {
                Name = c.Name, Numeric = c.IsNumeric, Trend = c.Trend.ToString().ToLowerInvariant(), Iv = c.Iv, Coefficient = card.Coefficients[i],
                Bins = card.Table.Where(t => t.Characteristic == c.Name).Select(t => new BinShape
                {
                    Kind = t.Bin.Kind.ToString().ToLowerInvariant(), Lower = t.Bin.Lower, Upper = t.Bin.Upper,
                    Levels = t.Bin.Levels.Count == 0 ? null : [.. t.Bin.Levels], Other = t.Bin.TakesOtherLevels ? true : null,
                    Value = t.Bin.SpecialValue, Count = t.Bin.Count, Events = t.Bin.Events, Woe = t.Bin.Woe, Points = t.Points,
                }).ToList(),
            }).ToList(),
        };
        AtomicFile.WriteAllText(path, "# CreditPoC scorecard: points = sum over characteristics of the points of the applicant's bin.\n" +
                                      "# Written by ScorecardYaml.Save; points are recomputed from woe and coefficient when loaded.\n" +
                                      Serializer.Serialize(file));
    }

    public static Scorecard Load(string path)
    {
        if (!File.Exists(path)) throw new UserFacingException($"{path}: file not found (expected a scorecard in YAML)");
        FileShape file;
        try
        {
            file = Deserializer.Deserialize<FileShape?>(File.ReadAllText(path)) ?? throw new UserFacingException($"{path}: the file is empty (expected a scorecard)");
        }
        catch (YamlException e)
        {
            throw new UserFacingException($"{path}: not a valid scorecard at line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
        if (file.Kind != "scorecard") throw new UserFacingException($"{path}: kind is '{file.Kind}', expected 'scorecard'");
        if (file.Characteristics.Count == 0) throw new UserFacingException($"{path}: the scorecard has no characteristics");
        var characteristics = file.Characteristics.Select(c => new CharacteristicBinning(c.Name, c.Numeric,
            c.Bins.Select(b => ToBin(path, c.Name, b)).ToList(), Enum.TryParse<MonotonicTrend>(c.Trend, true, out var t) ? t : MonotonicTrend.None)).ToList();
        var card = new Scorecard(characteristics, file.Characteristics.Select(c => c.Coefficient).ToList(), file.Intercept,
            new PointsScale(file.BaseScore, file.BaseOdds, file.PointsToDoubleOdds), file.DroppedForSign);
        foreach (var (row, stored) in card.Table.Zip(file.Characteristics.SelectMany(c => c.Bins)))
            if (Math.Abs(row.Points - stored.Points) > PointsTolerance)
                throw new UserFacingException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: {row.Characteristic} bin {row.Bin.Label} has {stored.Points:0.######} points, but its woe and coefficient give {row.Points:0.######}: the file was edited by hand"));
        return card;
    }

    private static Bin ToBin(string path, string characteristic, BinShape b) => new()
    {
        Kind = b.Kind switch
        {
            "interval" => BinKind.Interval,
            "levels" => BinKind.Levels,
            "missing" => BinKind.Missing,
            "special" => BinKind.Special,
            _ => throw new UserFacingException($"{path}: {characteristic} has a bin of kind '{b.Kind}' (expected interval, levels, missing or special)"),
        },
        Lower = b.Lower, Upper = b.Upper, Levels = b.Levels ?? [], TakesOtherLevels = b.Other ?? false, SpecialValue = b.Value,
        Count = b.Count, Events = b.Events, Woe = b.Woe,
    };

    private sealed class FileShape
    {
        public string Kind { get; set; } = "";
        public double BaseScore { get; set; } = 600;
        public double BaseOdds { get; set; } = 50;
        public double PointsToDoubleOdds { get; set; } = 20;
        public double Intercept { get; set; }
        public List<string> DroppedForSign { get; set; } = [];
        public List<CharacteristicShape> Characteristics { get; set; } = [];
    }

    private sealed class CharacteristicShape
    {
        public string Name { get; set; } = "";
        public bool Numeric { get; set; }
        public string Trend { get; set; } = "none";
        public double Iv { get; set; }
        public double Coefficient { get; set; }
        public List<BinShape> Bins { get; set; } = [];
    }

    private sealed class BinShape
    {
        public string Kind { get; set; } = "";
        public double? Lower { get; set; }
        public double? Upper { get; set; }
        public List<string>? Levels { get; set; }
        public bool? Other { get; set; }
        public double? Value { get; set; }
        public int Count { get; set; }
        public int Events { get; set; }
        public double Woe { get; set; }
        public double Points { get; set; }
    }
}
