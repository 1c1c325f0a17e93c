namespace CreditPoC.Data;

/// <summary>How a column of <c>application_train.csv</c> is stored.</summary>
public enum ColumnKind
{
    /// <summary>Whole numbers printed without a decimal point (ids, flags, day counts, ratings).</summary>
    Integer,

    /// <summary>Floating-point numbers, possibly missing (empty cell).</summary>
    Float,

    /// <summary>Text categories; <see cref="HomeCreditColumn.Levels"/> lists the allowed values.</summary>
    Text,
}

/// <summary>One column of <c>application_train.csv</c>.</summary>
/// <param name="Name">The header name, e.g. <c>AMT_CREDIT</c>.</param>
/// <param name="Kind">Integer, float or text.</param>
/// <param name="Levels">For text columns, every category level, most frequent first; empty otherwise.</param>
public sealed record HomeCreditColumn(string Name, ColumnKind Kind, IReadOnlyList<string> Levels)
{
    /// <summary>True for the 16 categorical text columns.</summary>
    public bool IsText => Kind == ColumnKind.Text;
}

/// <summary>
/// The exact 122 columns of Home Credit's <c>application_train.csv</c>, in file order, with their kinds
/// (41 integer, 65 float, 16 text) and the category levels of the text columns.
/// </summary>
public static class HomeCreditColumns
{
    /// <summary>The unique application id, first column.</summary>
    public const string Id = "SK_ID_CURR";

    /// <summary>The label: 1 when the client had payment difficulties.</summary>
    public const string Target = "TARGET";

    /// <summary>The value of DAYS_EMPLOYED meaning "not employed" (pensioners, unemployed).</summary>
    public const int DaysEmployedSentinel = 365243;

    /// <summary>The building-block measures; each exists as <c>_AVG</c>, <c>_MODE</c> and <c>_MEDI</c>.</summary>
    public static readonly IReadOnlyList<string> BuildingMeasures =
    [
        "APARTMENTS", "BASEMENTAREA", "YEARS_BEGINEXPLUATATION", "YEARS_BUILD", "COMMONAREA", "ELEVATORS",
        "ENTRANCES", "FLOORSMAX", "FLOORSMIN", "LANDAREA", "LIVINGAPARTMENTS", "LIVINGAREA", "NONLIVINGAPARTMENTS",
        "NONLIVINGAREA",
    ];

    /// <summary>Category levels per text column, most frequent first (weekdays Monday to Sunday).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Levels =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["NAME_CONTRACT_TYPE"] = ["Cash loans", "Revolving loans"],
            ["CODE_GENDER"] = ["F", "M", "XNA"],
            ["FLAG_OWN_CAR"] = ["N", "Y"],
            ["FLAG_OWN_REALTY"] = ["Y", "N"],
            ["NAME_TYPE_SUITE"] =
                ["Unaccompanied", "Family", "Spouse, partner", "Children", "Other_B", "Other_A", "Group of people"],
            ["NAME_INCOME_TYPE"] =
            [
                "Working", "Commercial associate", "Pensioner", "State servant", "Unemployed", "Student",
                "Businessman", "Maternity leave",
            ],
            ["NAME_EDUCATION_TYPE"] =
            [
                "Secondary / secondary special", "Higher education", "Incomplete higher", "Lower secondary",
                "Academic degree",
            ],
            ["NAME_FAMILY_STATUS"] =
                ["Married", "Single / not married", "Civil marriage", "Separated", "Widow", "Unknown"],
            ["NAME_HOUSING_TYPE"] =
            [
                "House / apartment", "With parents", "Municipal apartment", "Rented apartment", "Office apartment",
                "Co-op apartment",
            ],
            ["OCCUPATION_TYPE"] =
            [
                "Laborers", "Sales staff", "Core staff", "Managers", "Drivers", "High skill tech staff", "Accountants",
                "Medicine staff", "Security staff", "Cooking staff", "Cleaning staff", "Private service staff",
                "Low-skill Laborers", "Waiters/barmen staff", "Secretaries", "Realty agents", "HR staff", "IT staff",
            ],
            ["WEEKDAY_APPR_PROCESS_START"] =
                ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"],
            ["ORGANIZATION_TYPE"] =
            [
                "Business Entity Type 3", "XNA", "Self-employed", "Other", "Medicine", "Business Entity Type 2",
                "Government", "School", "Trade: type 7", "Kindergarten", "Construction", "Business Entity Type 1",
                "Transport: type 4", "Trade: type 3", "Industry: type 9", "Industry: type 3", "Security", "Housing",
                "Industry: type 11", "Military", "Bank", "Agriculture", "Police", "Transport: type 2", "Postal",
                "Security Ministries", "Trade: type 2", "Restaurant", "Services", "University", "Industry: type 7",
                "Transport: type 3", "Industry: type 1", "Hotel", "Electricity", "Industry: type 4", "Trade: type 6",
                "Industry: type 5", "Insurance", "Telecom", "Emergency", "Industry: type 2", "Advertising", "Realtor",
                "Culture", "Industry: type 12", "Trade: type 1", "Mobile", "Legal Services", "Cleaning",
                "Transport: type 1", "Industry: type 6", "Industry: type 10", "Religion", "Industry: type 13",
                "Trade: type 4", "Trade: type 5", "Industry: type 8",
            ],
            ["FONDKAPREMONT_MODE"] =
                ["reg oper account", "reg oper spec account", "not specified", "org spec account"],
            ["HOUSETYPE_MODE"] = ["block of flats", "specific housing", "terraced house"],
            ["WALLSMATERIAL_MODE"] =
                ["Panel", "Stone, brick", "Block", "Wooden", "Mixed", "Monolithic", "Others"],
            ["EMERGENCYSTATE_MODE"] = ["No", "Yes"],
        };

    private static readonly HashSet<string> IntegerNames = new(StringComparer.Ordinal)
    {
        "SK_ID_CURR", "TARGET", "CNT_CHILDREN", "DAYS_BIRTH", "DAYS_EMPLOYED", "DAYS_ID_PUBLISH", "FLAG_MOBIL",
        "FLAG_EMP_PHONE", "FLAG_WORK_PHONE", "FLAG_CONT_MOBILE", "FLAG_PHONE", "FLAG_EMAIL", "REGION_RATING_CLIENT",
        "REGION_RATING_CLIENT_W_CITY", "HOUR_APPR_PROCESS_START", "REG_REGION_NOT_LIVE_REGION",
        "REG_REGION_NOT_WORK_REGION", "LIVE_REGION_NOT_WORK_REGION", "REG_CITY_NOT_LIVE_CITY",
        "REG_CITY_NOT_WORK_CITY", "LIVE_CITY_NOT_WORK_CITY",
    };

    /// <summary>All 122 columns in file order.</summary>
    public static readonly IReadOnlyList<HomeCreditColumn> All = Build();

    /// <summary>The 122 column names in file order.</summary>
    public static readonly IReadOnlyList<string> Names = All.Select(c => c.Name).ToArray();

    private static readonly Dictionary<string, int> IndexByName =
        All.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

    /// <summary>The position of <paramref name="name"/> in file order, or -1 when it is not a column.</summary>
    public static int IndexOf(string name) => IndexByName.GetValueOrDefault(name, -1);

    /// <summary>The column named <paramref name="name"/>; throws when there is none.</summary>
    public static HomeCreditColumn Get(string name) =>
        IndexByName.TryGetValue(name, out var i) ? All[i] : throw new KeyNotFoundException($"no column {name}");

    private static List<HomeCreditColumn> Build()
    {
        var names = new List<string>
        {
            "SK_ID_CURR", "TARGET", "NAME_CONTRACT_TYPE", "CODE_GENDER", "FLAG_OWN_CAR", "FLAG_OWN_REALTY",
            "CNT_CHILDREN", "AMT_INCOME_TOTAL", "AMT_CREDIT", "AMT_ANNUITY", "AMT_GOODS_PRICE", "NAME_TYPE_SUITE",
            "NAME_INCOME_TYPE", "NAME_EDUCATION_TYPE", "NAME_FAMILY_STATUS", "NAME_HOUSING_TYPE",
            "REGION_POPULATION_RELATIVE", "DAYS_BIRTH", "DAYS_EMPLOYED", "DAYS_REGISTRATION", "DAYS_ID_PUBLISH",
            "OWN_CAR_AGE", "FLAG_MOBIL", "FLAG_EMP_PHONE", "FLAG_WORK_PHONE", "FLAG_CONT_MOBILE", "FLAG_PHONE",
            "FLAG_EMAIL", "OCCUPATION_TYPE", "CNT_FAM_MEMBERS", "REGION_RATING_CLIENT", "REGION_RATING_CLIENT_W_CITY",
            "WEEKDAY_APPR_PROCESS_START", "HOUR_APPR_PROCESS_START", "REG_REGION_NOT_LIVE_REGION",
            "REG_REGION_NOT_WORK_REGION", "LIVE_REGION_NOT_WORK_REGION", "REG_CITY_NOT_LIVE_CITY",
            "REG_CITY_NOT_WORK_CITY", "LIVE_CITY_NOT_WORK_CITY", "ORGANIZATION_TYPE", "EXT_SOURCE_1", "EXT_SOURCE_2",
            "EXT_SOURCE_3",
        };
        foreach (var suffix in new[] { "_AVG", "_MODE", "_MEDI" })
            names.AddRange(BuildingMeasures.Select(m => m + suffix));
        names.AddRange(
        [
            "FONDKAPREMONT_MODE", "HOUSETYPE_MODE", "TOTALAREA_MODE", "WALLSMATERIAL_MODE", "EMERGENCYSTATE_MODE",
            "OBS_30_CNT_SOCIAL_CIRCLE", "DEF_30_CNT_SOCIAL_CIRCLE", "OBS_60_CNT_SOCIAL_CIRCLE",
            "DEF_60_CNT_SOCIAL_CIRCLE", "DAYS_LAST_PHONE_CHANGE",
        ]);
        names.AddRange(Enumerable.Range(2, 20).Select(i => $"FLAG_DOCUMENT_{i}"));
        names.AddRange(new[] { "HOUR", "DAY", "WEEK", "MON", "QRT", "YEAR" }.Select(p => $"AMT_REQ_CREDIT_BUREAU_{p}"));

        return names.Select(name =>
        {
            if (Levels.TryGetValue(name, out var levels)) return new HomeCreditColumn(name, ColumnKind.Text, levels);
            var integer = IntegerNames.Contains(name) || name.StartsWith("FLAG_DOCUMENT_", StringComparison.Ordinal);
            return new HomeCreditColumn(name, integer ? ColumnKind.Integer : ColumnKind.Float, []);
        }).ToList();
    }
}
