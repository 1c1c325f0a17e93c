using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Modeling;

/// <summary>Seeded synthetic tables with a known signal for the modeling tests.</summary>
internal static class SyntheticTables
{
    /// <summary>
    /// Application-like rows with a logistic ground truth: EXT_SOURCE_2/3 (lower → more default, EXT_SOURCE_3 20%
    /// missing), a non-linear EXT_SOURCE_1 term, an interaction, age, gender, education (with a rare level), the
    /// credit/annuity ratio (loan length) as a step, a 0/1 flag and pure noise. <paramref name="intercept"/> moves
    /// the positive rate (-2.4 gives about 18%). <paramref name="truth"/>, when given, receives each row's true logit.
    /// </summary>
    public static DataFrame Credit(int rows, int seed, double intercept = -2.4, List<double>? truth = null)
    {
        var random = new Random(seed);
        var id = new Int32DataFrameColumn("SK_ID_CURR", rows);
        var ext1 = new DoubleDataFrameColumn("EXT_SOURCE_1", rows);
        var ext2 = new DoubleDataFrameColumn("EXT_SOURCE_2", rows);
        var ext3 = new DoubleDataFrameColumn("EXT_SOURCE_3", rows);
        var birth = new Int32DataFrameColumn("DAYS_BIRTH", rows);
        var income = new DoubleDataFrameColumn("AMT_INCOME_TOTAL", rows);
        var credit = new DoubleDataFrameColumn("AMT_CREDIT", rows);
        var annuity = new DoubleDataFrameColumn("AMT_ANNUITY", rows);
        var goods = new DoubleDataFrameColumn("AMT_GOODS_PRICE", rows);
        var gender = new StringDataFrameColumn("CODE_GENDER", rows);
        var education = new StringDataFrameColumn("NAME_EDUCATION_TYPE", rows);
        var flag = new Int32DataFrameColumn("FLAG_DOCUMENT_3", rows);
        var noise = new DoubleDataFrameColumn("NOISE", rows);
        var target = new Int32DataFrameColumn("TARGET", rows);
        string[] levels = ["Secondary / secondary special", "Higher education", "Incomplete higher", "Lower secondary", "Academic degree"];
        double[] levelShares = [0.70, 0.22, 0.04, 0.035, 0.005];
        for (var i = 0; i < rows; i++)
        {
            id[i] = 100000 + i;
            double e1 = random.NextDouble(), e2 = random.NextDouble(), e3 = random.NextDouble();
            ext1[i] = random.NextDouble() < 0.5 ? null : e1;
            ext2[i] = e2;
            var e3Missing = random.NextDouble() < 0.2;
            ext3[i] = e3Missing ? null : e3;
            var age = 20 + random.NextDouble() * 49;
            birth[i] = -(int)(age * 365.25);
            var inc = Math.Round(Math.Exp(11.9 + 0.5 * Normal(random)), 0);
            income[i] = inc;
            var cr = Math.Round(inc * (1 + 5 * random.NextDouble()), 0);
            credit[i] = cr;
            var months = 10 + random.Next(0, 40);
            annuity[i] = Math.Round(cr / months * 1.1, 1);
            goods[i] = random.NextDouble() < 0.01 ? null : Math.Round(cr * (0.8 + 0.2 * random.NextDouble()), 0);
            var male = random.NextDouble() < 0.35;
            gender[i] = male ? "M" : "F";
            var u = random.NextDouble();
            var level = 0;
            for (var acc = levelShares[0]; u > acc && level < levels.Length - 1; acc += levelShares[++level]) { }
            education[i] = levels[level];
            var f = random.NextDouble() < 0.7 ? 1 : 0;
            flag[i] = f;
            noise[i] = Normal(random);

            var z = intercept
                    - 2.5 * (e2 - 0.5) - 3.0 * (e3Missing ? 0.3 : e3 - 0.5)
                    + 1.0 * Math.Sin(3 * Math.PI * e1) * (ext1[i] is null ? 0 : 1)
                    + 4.0 * (e2 - 0.5) * (e3 - 0.5)
                    + (age < 30 ? 0.6 : 0)
                    + (male ? 0.4 : 0)
                    + (level == 3 ? 0.8 : level == 1 ? -0.6 : 0)
                    + (months > 35 ? 0.7 : 0)
                    + 0.2 * f;
            target[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
            truth?.Add(z);
        }
        return new DataFrame(id, target, ext1, ext2, ext3, birth, income, credit, annuity, goods, gender, education, flag, noise);
    }

    /// <summary>Mostly categorical rows labelled "good"/"bad" ("bad" depends on two of the categories).</summary>
    public static DataFrame Categorical(int rows, int seed)
    {
        var random = new Random(seed);
        var columns = new List<DataFrameColumn>();
        string[][] levels =
        [
            ["Laborers", "Sales staff", "Core staff", "Managers", "Drivers", "IT staff"],
            ["Working", "Pensioner", "State servant", "Unemployed"],
            ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"],
            ["Y", "N"],
            ["House / apartment", "With parents", "Rented apartment"],
        ];
        string[] names = ["OCCUPATION_TYPE", "NAME_INCOME_TYPE", "WEEKDAY_APPR_PROCESS_START", "FLAG_OWN_CAR", "NAME_HOUSING_TYPE"];
        var cells = new string?[names.Length][];
        for (var c = 0; c < names.Length; c++) cells[c] = new string?[rows];
        var label = new StringDataFrameColumn("STATUS", rows);
        var amount = new DoubleDataFrameColumn("AMOUNT", rows);
        for (var i = 0; i < rows; i++)
        {
            for (var c = 0; c < names.Length; c++)
                cells[c][i] = random.NextDouble() < 0.05 ? null : levels[c][random.Next(levels[c].Length)];
            amount[i] = Math.Round(1000 + 9000 * random.NextDouble(), 0);
            var z = -1.2 + (cells[1][i] == "Unemployed" ? 2.0 : 0) + (cells[0][i] == "Managers" ? -1.0 : 0) + (cells[4][i] == "With parents" ? 0.8 : 0);
            label[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? "bad" : "good";
        }
        for (var c = 0; c < names.Length; c++) columns.Add(new StringDataFrameColumn(names[c], cells[c]));
        columns.Add(amount);
        columns.Add(label);
        return new DataFrame(columns);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
