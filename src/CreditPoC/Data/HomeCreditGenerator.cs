using System.Globalization;
using CreditPoC.Data.Generation;
using CreditPoC.IO;

namespace CreditPoC.Data;

/// <summary>What one generation run produced.</summary>
/// <param name="Rows">Rows written.</param>
/// <param name="Defaults">Rows with TARGET = 1.</param>
/// <param name="RepeatApplications">Rows that are a second application of an earlier applicant.</param>
/// <param name="MeanProbability">The average true default probability.</param>
public sealed record GenerationSummary(int Rows, int Defaults, int RepeatApplications, double MeanProbability)
{
    /// <summary>Share of rows with TARGET = 1.</summary>
    public double DefaultRate => Rows == 0 ? 0 : (double)Defaults / Rows;
}

/// <summary>
/// Drift planted for testing monitoring: rows from <paramref name="FromRow"/> on (0-based, in SK_ID_CURR order) get
/// lower EXT_SOURCE_1/2/3 (minus 0.12), AMT_CREDIT and AMT_ANNUITY 60% higher, a new ORGANIZATION_TYPE level
/// ("Platform economy", one in six employed applicants, riskier) and a weaker link between EXT_SOURCE_3 and default
/// (half its effect). TARGET is drawn from the drifted row.
/// </summary>
public sealed record GenerationDrift(int FromRow)
{
    /// <summary>
    /// The drift that starts on <paramref name="driftFrom"/> when the file is split with <c>data split --start
    /// <paramref name="start"/> --days <paramref name="days"/></c>: the split puts row rank r on day
    /// floor(r * days / rows) and the generator writes ids in increasing order (rank = row), so the first drifted row is
    /// ceil(d * rows / days) for d = driftFrom - start.
    /// </summary>
    public static GenerationDrift FromDate(DateOnly driftFrom, DateOnly start, int days, int rows)
    {
        var day = driftFrom.DayNumber - start.DayNumber;
        if (days <= 0) throw new UserFacingException($"--days must be a positive number of days, got {days}");
        if (day < 0 || day >= days)
            throw new UserFacingException(
                $"--drift-from {driftFrom:yyyy-MM-dd} is outside the split's days {start:yyyy-MM-dd} to {start.AddDays(days - 1):yyyy-MM-dd} (--start, --days)");
        return new GenerationDrift((int)(((long)day * rows + days - 1) / days));
    }
}

/// <summary>
/// Generates Home-Credit-like loan applications with the exact 122 columns of <c>application_train.csv</c>, and a
/// side file with each row's true default probability (<c>SK_ID_CURR,P_DEFAULT</c>) from which TARGET was drawn.
/// Rows are streamed: memory does not grow with the row count. The same seed and row count give byte-identical
/// files. About 2% of applicants apply a second time, up to 3,000 rows later, under a new,
/// larger SK_ID_CURR: same gender, DAYS_BIRTH, DAYS_ID_PUBLISH, education, family, income, region, external scores
/// and home; DAYS_REGISTRATION (and DAYS_EMPLOYED unless not employed) is exactly D days more negative, D being the
/// days between the two applications (30 to 400).
/// </summary>
public static class HomeCreditGenerator
{
    /// <summary>The real file's row count, the default.</summary>
    public const int DefaultRows = 307511;

    /// <summary>The default seed.</summary>
    public const int DefaultSeed = 42;

    /// <summary>Share of applicants who apply a second time.</summary>
    public const double RepeatShare = 0.02;

    private const int FirstId = 100002;
    private const int MaxRepeatGapRows = 3000;

    /// <summary>The truth side file beside <paramref name="csvPath"/>: <c>name.csv</c> gives <c>name.truth.csv</c>.</summary>
    public static string TruthPathFor(string csvPath)
    {
        var directory = Path.GetDirectoryName(csvPath) ?? "";
        return Path.Combine(directory, Path.GetFileNameWithoutExtension(csvPath) + ".truth.csv");
    }

    /// <summary>
    /// Writes <paramref name="rows"/> rows to <paramref name="csvPath"/> and the truth file beside it, each
    /// atomically. Refuses to replace existing files unless <paramref name="overwrite"/>.
    /// </summary>
    /// <param name="progress">Receives a line at every 10% when given.</param>
    /// <param name="drift">Planted drift for testing monitoring; null (the default) writes the undrifted file.</param>
    public static GenerationSummary Generate(string csvPath, int rows, int seed, bool overwrite, TextWriter? progress = null,
        GenerationDrift? drift = null)
    {
        if (rows <= 0) throw new UserFacingException($"--rows must be a positive whole number, got {rows}");
        var truthPath = TruthPathFor(csvPath);
        if (!overwrite)
        {
            foreach (var path in new[] { csvPath, truthPath })
                if (File.Exists(path)) throw new UserFacingException($"{path} already exists; pass --force to replace it");
        }
        GenerationSummary? summary = null;
        AtomicFile.WriteText(truthPath, truth =>
            AtomicFile.WriteText(csvPath, csv => summary = Write(csv, truth, rows, seed, progress, drift)));
        return summary!;
    }

    /// <summary>Writes the data and truth CSVs (headers included) to the given writers.</summary>
    public static GenerationSummary Write(TextWriter csv, TextWriter truth, int rows, int seed, TextWriter? progress = null,
        GenerationDrift? drift = null)
    {
        if (rows <= 0) throw new UserFacingException($"--rows must be a positive whole number, got {rows}");
        var shift = drift is null ? null : new DriftShift(seed);
        var random = new SeededRandom(seed);
        var sampler = new ApplicantSampler(random);
        var formatter = new CsvRowFormatter();
        // Repeat applicants waiting for their second application, by the row where it comes; at most a few
        // percent of MaxRepeatGapRows rows are pending, so memory stays bounded.
        var pending = new PriorityQueue<double[], (long Row, long Order)>();
        var row = new double[Col.Count];
        var truthBuffer = new char[64];
        var gapRows = Math.Clamp(rows / 5, 1, MaxRepeatGapRows);

        csv.Write(CsvRowFormatter.Header);
        csv.Write('\n');
        truth.Write("SK_ID_CURR,P_DEFAULT\n");

        long id = FirstId;
        int defaults = 0, repeats = 0;
        var probabilitySum = 0.0;
        var nextReport = 1;
        for (var i = 0; i < rows; i++)
        {
            if (pending.TryPeek(out var stored, out var due) && due.Row <= i)
            {
                pending.Dequeue();
                Array.Copy(stored, row, row.Length);
                ApplicantSampler.ShiftForRepeat(row, random.Int(30, 400));
                sampler.SampleApplication(row);
                repeats++;
            }
            else
            {
                sampler.SamplePerson(row);
                sampler.SampleApplication(row);
                if (random.Chance(RepeatShare))
                    pending.Enqueue((double[])row.Clone(), (i + random.Int(1, gapRows), i));
            }

            row[Col.Id] = id;
            id += random.Chance(0.14) ? 2 : 1; // the real ids have gaps where test-set ids sit
            var drifted = drift is not null && i >= drift.FromRow;
            if (drifted) shift!.Apply(row);
            var probability = DefaultRiskModel.Probability(row, drifted);
            var target = random.NextDouble() < probability ? 1 : 0;
            row[Col.Target] = target;
            defaults += target;
            probabilitySum += probability;

            formatter.Write(csv, row);
            WriteTruth(truth, (long)row[Col.Id], probability, truthBuffer);

            if (progress is not null && (long)(i + 1) * 10 >= (long)nextReport * rows)
            {
                progress.WriteLine($"generated {i + 1:N0} of {rows:N0} rows ({nextReport * 10}%)");
                while ((long)(i + 1) * 10 >= (long)nextReport * rows) nextReport++;
            }
        }
        return new GenerationSummary(rows, defaults, repeats, probabilitySum / rows);
    }

    private static void WriteTruth(TextWriter truth, long id, double probability, char[] buffer)
    {
        id.TryFormat(buffer, out var position, default, CultureInfo.InvariantCulture);
        buffer[position++] = ',';
        position += CsvRowFormatter.FormatFloat(probability, buffer.AsSpan(position));
        buffer[position++] = '\n';
        truth.Write(buffer, 0, position);
    }
}
