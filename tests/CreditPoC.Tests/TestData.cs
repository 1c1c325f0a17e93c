using System.Globalization;
using System.Text;

namespace CreditPoC.Tests;

/// <summary>Small seeded test tables written to a temporary folder.</summary>
internal sealed class TestData : IDisposable
{
    public TestData() => Folder = Directory.CreateTempSubdirectory("creditpoc-tests").FullName;

    public string Folder { get; }

    public string Write(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>The columns of <see cref="HomeCreditLike"/>, as schema YAML.</summary>
    public const string HomeCreditLikeSchema = """
        id: SK_ID_CURR
        target: TARGET
        positive_label: "1"
        columns:
          - name: SK_ID_CURR
            type: integer
          - name: TARGET
            type: integer
            min: 0
            max: 1
            availability: outcome
          - name: CODE_GENDER
            type: text
            categories: [F, M, XNA]
          - name: NAME_TYPE_SUITE
            type: text
            categories: ["Unaccompanied", "Family", "Spouse, partner"]
          - name: DAYS_BIRTH
            type: integer
            min: -25000
            max: -7000
          - name: DAYS_EMPLOYED
            type: integer
            min: -20000
            max: 0
            special_values: [365243]
          - name: DAYS_ID_PUBLISH
            type: integer
            min: -10000
            max: 0
          - name: DAYS_REGISTRATION
            type: float
            min: -30000
            max: 0
          - name: EXT_SOURCE_1
            type: float
            min: 0
            max: 1
          - name: COMMONAREA_AVG
            type: float
            min: 0
            max: 1
          - name: AMT_CREDIT
            type: float
            min: 0
            max: 5000000
        """;

    /// <summary>
    /// A Home Credit-like table of <paramref name="rows"/> rows: about 8% TARGET = 1, EXT_SOURCE_1 lower for
    /// defaulters, COMMONAREA_AVG missing in about 70% of rows, DAYS_EMPLOYED = 365243 in about 18%, and the last
    /// <paramref name="repeats"/> rows repeat earlier applicants (same DAYS_BIRTH, CODE_GENDER, DAYS_ID_PUBLISH;
    /// DAYS_REGISTRATION shifted). With <paramref name="leak"/>, a LEAK column copies TARGET with 2% noise.
    /// </summary>
    public static string HomeCreditLike(int rows, int seed = 7, int repeats = 0, bool leak = false)
    {
        var random = new Random(seed);
        var text = new StringBuilder("SK_ID_CURR,TARGET,CODE_GENDER,NAME_TYPE_SUITE,DAYS_BIRTH,DAYS_EMPLOYED,DAYS_ID_PUBLISH,DAYS_REGISTRATION,EXT_SOURCE_1,COMMONAREA_AVG,AMT_CREDIT" + (leak ? ",LEAK" : "") + "\n");
        var people = new List<(int Birth, string Gender, int Publish, double Registration)>();
        string[] suites = ["Unaccompanied", "Family", "\"Spouse, partner\""];
        for (int r = 0; r < rows; r++)
        {
            (int Birth, string Gender, int Publish, double Registration) person;
            if (r >= rows - repeats)
            {
                var earlier = people[r - (rows - repeats)];
                person = earlier with { Registration = earlier.Registration - 400 };
            }
            else
            {
                person = (random.Next(-25000, -7000), random.NextDouble() < 0.65 ? "F" : "M", random.Next(-7000, 0), -random.Next(0, 20000));
                people.Add(person);
            }
            int target = random.NextDouble() < 0.08 ? 1 : 0;
            double ext = Math.Clamp(random.NextDouble() * 0.8 + (target == 1 ? 0 : 0.2), 0, 1);
            string employed = random.NextDouble() < 0.18 ? "365243" : random.Next(-15000, 0).ToString(CultureInfo.InvariantCulture);
            string common = random.NextDouble() < 0.7 ? "" : (random.NextDouble() * 0.2).ToString("0.0000", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture,
                $"{100002 + r},{target},{person.Gender},{suites[random.Next(3)]},{person.Birth},{employed},{person.Publish}," +
                $"{person.Registration:0.0},{ext.ToString("R", CultureInfo.InvariantCulture)},{common},{random.Next(45000, 2000000)}.0");
            if (leak)
                text.Append(',').Append(random.NextDouble() < 0.02 ? 1 - target : target);
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// A different credit table: text labels "good"/"bad" in "class", an optional "applicant_id", mostly categorical
    /// columns, no Home Credit columns. "checking" = "none" raises the bad rate.
    /// </summary>
    public static string GermanLike(int rows, int seed = 11, bool withId = true)
    {
        var random = new Random(seed);
        string[] checking = ["<0", "0-200", ">200", "none"], purpose = ["car", "furniture", "radio/tv", "education", "business"],
            housing = ["own", "rent", "free"], job = ["skilled", "unskilled", "management"];
        var text = new StringBuilder((withId ? "applicant_id," : "") + "checking,duration_months,purpose,housing,job,credit_amount,class\n");
        for (int r = 0; r < rows; r++)
        {
            string c = checking[random.Next(checking.Length)];
            bool bad = random.NextDouble() < (c == "<0" ? 0.5 : 0.2);
            if (withId)
                text.Append(CultureInfo.InvariantCulture, $"A{r + 1:D5},");
            text.Append(CultureInfo.InvariantCulture,
                $"{c},{random.Next(6, 60)},{purpose[random.Next(purpose.Length)]},{housing[random.Next(housing.Length)]}," +
                $"{job[random.Next(job.Length)]},{random.Next(250, 18000)},{(bad ? "bad" : "good")}\n");
        }
        return text.ToString();
    }

}
