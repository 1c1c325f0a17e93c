using CreditPoC.Loading;

namespace CreditPoC.Exploration;

/// <summary>What <see cref="DataProfiler"/> should compute; everything is optional.</summary>
public sealed record ProfileOptions
{
    /// <summary>The target column; null profiles without target rates and associations.</summary>
    public string? Target { get; init; }

    /// <summary>The target's positive label, e.g. "1" or "bad".</summary>
    public string? PositiveLabel { get; init; }

    /// <summary>The id column, profiled only for missing values.</summary>
    public string? IdColumn { get; init; }

    /// <summary>A schema whose declared special values are always called out.</summary>
    public TableSchema? Schema { get; init; }

    /// <summary>Bins of the clipped histograms.</summary>
    public int HistogramBins { get; init; } = 20;

    /// <summary>Quantile bins for the target rate along a numeric column.</summary>
    public int RateBins { get; init; } = 10;

    /// <summary>Categories kept per text column; the rest is gathered into "(other)".</summary>
    public int MaxCategories { get; init; } = 60;

    /// <summary>Least share of rows a value needs to count as a special value.</summary>
    public double SpecialValueMinShare { get; init; } = 0.005;
}
