namespace CreditPoC.Data.Generation;

/// <summary>
/// The shift <see cref="HomeCreditGenerator"/> applies to rows from <see cref="GenerationDrift.FromRow"/> on:
/// lower external scores, larger loans, a new ORGANIZATION_TYPE level, and a weaker link between EXT_SOURCE_3 and
/// default (applied in <see cref="DefaultRiskModel"/>). It draws from its own random stream, so the undrifted
/// columns of every row are the same as without drift.
/// </summary>
internal sealed class DriftShift(int seed)
{
    /// <summary>The level number of the new ORGANIZATION_TYPE value (one past the known levels).</summary>
    public static readonly int NewOrganizationLevel = HomeCreditColumns.Levels["ORGANIZATION_TYPE"].Count;

    private readonly SeededRandom _random = new(seed ^ 0x5D_1F7);

    public void Apply(double[] row)
    {
        // The bureau's scores come out lower: each present score loses 0.12, folded back above its floor.
        foreach (var column in new[] { Col.Ext1, Col.Ext2, Col.Ext3 })
            if (!double.IsNaN(row[column])) row[column] = Math.Round(Math.Max(0.001 + 0.05 * _random.NextDouble(), row[column] - 0.12), 6);

        // Larger loans for the same goods: credit and annuity rise by 60%.
        if (!double.IsNaN(row[Col.Credit])) row[Col.Credit] = Math.Round(row[Col.Credit] * 1.6 / 4.5) * 4.5;
        if (!double.IsNaN(row[Col.Annuity])) row[Col.Annuity] = Math.Round(row[Col.Annuity] * 1.6 * 2) / 2;

        // A new kind of employer appears for one in six employed applicants.
        if (row[Col.Organization] != Col.Level.OrganizationUnknown && _random.Chance(1.0 / 6)) row[Col.Organization] = NewOrganizationLevel;
    }
}
