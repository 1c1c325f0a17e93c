using CreditPoC.Data;

namespace CreditPoC.Tests.Data;

[TestClass]
public sealed class HomeCreditColumnsTests
{
    // The header of the real application_train.csv, as listed in the schema facts.
    private const string RealHeader =
        """
        SK_ID_CURR TARGET NAME_CONTRACT_TYPE CODE_GENDER FLAG_OWN_CAR FLAG_OWN_REALTY CNT_CHILDREN AMT_INCOME_TOTAL
        AMT_CREDIT AMT_ANNUITY AMT_GOODS_PRICE NAME_TYPE_SUITE NAME_INCOME_TYPE NAME_EDUCATION_TYPE NAME_FAMILY_STATUS
        NAME_HOUSING_TYPE REGION_POPULATION_RELATIVE DAYS_BIRTH DAYS_EMPLOYED DAYS_REGISTRATION DAYS_ID_PUBLISH
        OWN_CAR_AGE FLAG_MOBIL FLAG_EMP_PHONE FLAG_WORK_PHONE FLAG_CONT_MOBILE FLAG_PHONE FLAG_EMAIL OCCUPATION_TYPE
        CNT_FAM_MEMBERS REGION_RATING_CLIENT REGION_RATING_CLIENT_W_CITY WEEKDAY_APPR_PROCESS_START
        HOUR_APPR_PROCESS_START REG_REGION_NOT_LIVE_REGION REG_REGION_NOT_WORK_REGION LIVE_REGION_NOT_WORK_REGION
        REG_CITY_NOT_LIVE_CITY REG_CITY_NOT_WORK_CITY LIVE_CITY_NOT_WORK_CITY ORGANIZATION_TYPE EXT_SOURCE_1
        EXT_SOURCE_2 EXT_SOURCE_3 APARTMENTS_AVG BASEMENTAREA_AVG YEARS_BEGINEXPLUATATION_AVG YEARS_BUILD_AVG
        COMMONAREA_AVG ELEVATORS_AVG ENTRANCES_AVG FLOORSMAX_AVG FLOORSMIN_AVG LANDAREA_AVG LIVINGAPARTMENTS_AVG
        LIVINGAREA_AVG NONLIVINGAPARTMENTS_AVG NONLIVINGAREA_AVG APARTMENTS_MODE BASEMENTAREA_MODE
        YEARS_BEGINEXPLUATATION_MODE YEARS_BUILD_MODE COMMONAREA_MODE ELEVATORS_MODE ENTRANCES_MODE FLOORSMAX_MODE
        FLOORSMIN_MODE LANDAREA_MODE LIVINGAPARTMENTS_MODE LIVINGAREA_MODE NONLIVINGAPARTMENTS_MODE NONLIVINGAREA_MODE
        APARTMENTS_MEDI BASEMENTAREA_MEDI YEARS_BEGINEXPLUATATION_MEDI YEARS_BUILD_MEDI COMMONAREA_MEDI ELEVATORS_MEDI
        ENTRANCES_MEDI FLOORSMAX_MEDI FLOORSMIN_MEDI LANDAREA_MEDI LIVINGAPARTMENTS_MEDI LIVINGAREA_MEDI
        NONLIVINGAPARTMENTS_MEDI NONLIVINGAREA_MEDI FONDKAPREMONT_MODE HOUSETYPE_MODE TOTALAREA_MODE
        WALLSMATERIAL_MODE EMERGENCYSTATE_MODE OBS_30_CNT_SOCIAL_CIRCLE DEF_30_CNT_SOCIAL_CIRCLE
        OBS_60_CNT_SOCIAL_CIRCLE DEF_60_CNT_SOCIAL_CIRCLE DAYS_LAST_PHONE_CHANGE FLAG_DOCUMENT_2 FLAG_DOCUMENT_3
        FLAG_DOCUMENT_4 FLAG_DOCUMENT_5 FLAG_DOCUMENT_6 FLAG_DOCUMENT_7 FLAG_DOCUMENT_8 FLAG_DOCUMENT_9
        FLAG_DOCUMENT_10 FLAG_DOCUMENT_11 FLAG_DOCUMENT_12 FLAG_DOCUMENT_13 FLAG_DOCUMENT_14 FLAG_DOCUMENT_15
        FLAG_DOCUMENT_16 FLAG_DOCUMENT_17 FLAG_DOCUMENT_18 FLAG_DOCUMENT_19 FLAG_DOCUMENT_20 FLAG_DOCUMENT_21
        AMT_REQ_CREDIT_BUREAU_HOUR AMT_REQ_CREDIT_BUREAU_DAY AMT_REQ_CREDIT_BUREAU_WEEK AMT_REQ_CREDIT_BUREAU_MON
        AMT_REQ_CREDIT_BUREAU_QRT AMT_REQ_CREDIT_BUREAU_YEAR
        """;

    [TestMethod]
    public void ColumnsAreTheReal122InFileOrder()
    {
        var expected = RealHeader.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(122, expected);
        CollectionAssert.AreEqual(expected, HomeCreditColumns.Names.ToArray());
        Assert.AreEqual(0, HomeCreditColumns.IndexOf("SK_ID_CURR"));
        Assert.AreEqual(121, HomeCreditColumns.IndexOf("AMT_REQ_CREDIT_BUREAU_YEAR"));
        Assert.AreEqual(-1, HomeCreditColumns.IndexOf("NOT_A_COLUMN"));
    }

    [TestMethod]
    public void KindsMatchTheRealFile()
    {
        Assert.AreEqual(41, HomeCreditColumns.All.Count(c => c.Kind == ColumnKind.Integer));
        Assert.AreEqual(65, HomeCreditColumns.All.Count(c => c.Kind == ColumnKind.Float));
        var text = HomeCreditColumns.All.Where(c => c.IsText).Select(c => c.Name).ToArray();
        CollectionAssert.AreEqual(new[]
        {
            "NAME_CONTRACT_TYPE", "CODE_GENDER", "FLAG_OWN_CAR", "FLAG_OWN_REALTY", "NAME_TYPE_SUITE", "NAME_INCOME_TYPE",
            "NAME_EDUCATION_TYPE", "NAME_FAMILY_STATUS", "NAME_HOUSING_TYPE", "OCCUPATION_TYPE",
            "WEEKDAY_APPR_PROCESS_START", "ORGANIZATION_TYPE", "FONDKAPREMONT_MODE", "HOUSETYPE_MODE",
            "WALLSMATERIAL_MODE", "EMERGENCYSTATE_MODE",
        }, text);
        foreach (var name in new[] { "SK_ID_CURR", "TARGET", "DAYS_BIRTH", "DAYS_EMPLOYED", "DAYS_ID_PUBLISH", "FLAG_MOBIL", "FLAG_DOCUMENT_21", "REGION_RATING_CLIENT", "HOUR_APPR_PROCESS_START", "LIVE_CITY_NOT_WORK_CITY" })
            Assert.AreEqual(ColumnKind.Integer, HomeCreditColumns.Get(name).Kind, name);
        foreach (var name in new[] { "AMT_INCOME_TOTAL", "DAYS_REGISTRATION", "OWN_CAR_AGE", "CNT_FAM_MEMBERS", "EXT_SOURCE_1", "DAYS_LAST_PHONE_CHANGE", "OBS_30_CNT_SOCIAL_CIRCLE", "AMT_REQ_CREDIT_BUREAU_YEAR" })
            Assert.AreEqual(ColumnKind.Float, HomeCreditColumns.Get(name).Kind, name);
    }

    [TestMethod]
    public void TextColumnsCarryTheirLevels()
    {
        var organizations = HomeCreditColumns.Get("ORGANIZATION_TYPE").Levels;
        Assert.HasCount(58, organizations);
        Assert.HasCount(58, organizations.Distinct());
        Assert.AreEqual("Business Entity Type 3", organizations[0]);
        CollectionAssert.Contains(organizations.ToArray(), "XNA");
        Assert.AreEqual(13, organizations.Count(o => o.StartsWith("Industry: type ", StringComparison.Ordinal)));
        Assert.AreEqual(7, organizations.Count(o => o.StartsWith("Trade: type ", StringComparison.Ordinal)));

        CollectionAssert.AreEqual(new[] { "F", "M", "XNA" }, HomeCreditColumns.Get("CODE_GENDER").Levels.ToArray());
        CollectionAssert.Contains(HomeCreditColumns.Get("NAME_TYPE_SUITE").Levels.ToArray(), "Spouse, partner");
        Assert.HasCount(18, HomeCreditColumns.Get("OCCUPATION_TYPE").Levels);
        Assert.HasCount(8, HomeCreditColumns.Get("NAME_INCOME_TYPE").Levels);
        Assert.HasCount(7, HomeCreditColumns.Get("WEEKDAY_APPR_PROCESS_START").Levels);
        Assert.HasCount(7, HomeCreditColumns.Get("WALLSMATERIAL_MODE").Levels);
        Assert.IsTrue(HomeCreditColumns.All.Where(c => !c.IsText).All(c => c.Levels.Count == 0));
        Assert.IsTrue(HomeCreditColumns.All.Where(c => c.IsText).All(c => c.Levels.Count >= 2));
    }
}
