namespace CreditPoC.Data.Generation;

/// <summary>Column positions and category level numbers used by the generator (rows are double arrays).</summary>
internal static class Col
{
    public static readonly int Count = HomeCreditColumns.All.Count;

    public static readonly int Id = I("SK_ID_CURR"), Target = I("TARGET"), ContractType = I("NAME_CONTRACT_TYPE"),
        Gender = I("CODE_GENDER"), OwnCar = I("FLAG_OWN_CAR"), OwnRealty = I("FLAG_OWN_REALTY"),
        Children = I("CNT_CHILDREN"), Income = I("AMT_INCOME_TOTAL"), Credit = I("AMT_CREDIT"),
        Annuity = I("AMT_ANNUITY"), GoodsPrice = I("AMT_GOODS_PRICE"), TypeSuite = I("NAME_TYPE_SUITE"),
        IncomeType = I("NAME_INCOME_TYPE"), Education = I("NAME_EDUCATION_TYPE"), Family = I("NAME_FAMILY_STATUS"),
        Housing = I("NAME_HOUSING_TYPE"), RegionPopulation = I("REGION_POPULATION_RELATIVE"),
        DaysBirth = I("DAYS_BIRTH"), DaysEmployed = I("DAYS_EMPLOYED"), DaysRegistration = I("DAYS_REGISTRATION"),
        DaysIdPublish = I("DAYS_ID_PUBLISH"), OwnCarAge = I("OWN_CAR_AGE"), FlagMobil = I("FLAG_MOBIL"),
        FlagEmpPhone = I("FLAG_EMP_PHONE"), FlagWorkPhone = I("FLAG_WORK_PHONE"), FlagContMobile = I("FLAG_CONT_MOBILE"),
        FlagPhone = I("FLAG_PHONE"), FlagEmail = I("FLAG_EMAIL"), Occupation = I("OCCUPATION_TYPE"),
        FamilyMembers = I("CNT_FAM_MEMBERS"), RegionRating = I("REGION_RATING_CLIENT"),
        RegionRatingCity = I("REGION_RATING_CLIENT_W_CITY"), Weekday = I("WEEKDAY_APPR_PROCESS_START"),
        Hour = I("HOUR_APPR_PROCESS_START"), RegRegionNotLive = I("REG_REGION_NOT_LIVE_REGION"),
        RegRegionNotWork = I("REG_REGION_NOT_WORK_REGION"), LiveRegionNotWork = I("LIVE_REGION_NOT_WORK_REGION"),
        RegCityNotLive = I("REG_CITY_NOT_LIVE_CITY"), RegCityNotWork = I("REG_CITY_NOT_WORK_CITY"),
        LiveCityNotWork = I("LIVE_CITY_NOT_WORK_CITY"), Organization = I("ORGANIZATION_TYPE"),
        Ext1 = I("EXT_SOURCE_1"), Ext2 = I("EXT_SOURCE_2"), Ext3 = I("EXT_SOURCE_3"),
        Fondkapremont = I("FONDKAPREMONT_MODE"), HouseType = I("HOUSETYPE_MODE"), TotalArea = I("TOTALAREA_MODE"),
        Walls = I("WALLSMATERIAL_MODE"), Emergency = I("EMERGENCYSTATE_MODE"), Obs30 = I("OBS_30_CNT_SOCIAL_CIRCLE"),
        Def30 = I("DEF_30_CNT_SOCIAL_CIRCLE"), Obs60 = I("OBS_60_CNT_SOCIAL_CIRCLE"),
        Def60 = I("DEF_60_CNT_SOCIAL_CIRCLE"), DaysPhoneChange = I("DAYS_LAST_PHONE_CHANGE"),
        Document2 = I("FLAG_DOCUMENT_2"), BureauHour = I("AMT_REQ_CREDIT_BUREAU_HOUR");

    /// <summary>Level numbers of the categories the generator and the risk model refer to.</summary>
    public static class Level
    {
        public static readonly int Cash = L("NAME_CONTRACT_TYPE", "Cash loans"),
            Revolving = L("NAME_CONTRACT_TYPE", "Revolving loans"),
            Female = L("CODE_GENDER", "F"), Male = L("CODE_GENDER", "M"), GenderUnknown = L("CODE_GENDER", "XNA"),
            No = L("FLAG_OWN_CAR", "N"), Yes = L("FLAG_OWN_CAR", "Y"),
            RealtyYes = L("FLAG_OWN_REALTY", "Y"), RealtyNo = L("FLAG_OWN_REALTY", "N"),
            Working = L("NAME_INCOME_TYPE", "Working"), Commercial = L("NAME_INCOME_TYPE", "Commercial associate"),
            Pensioner = L("NAME_INCOME_TYPE", "Pensioner"), StateServant = L("NAME_INCOME_TYPE", "State servant"),
            Unemployed = L("NAME_INCOME_TYPE", "Unemployed"), Student = L("NAME_INCOME_TYPE", "Student"),
            Businessman = L("NAME_INCOME_TYPE", "Businessman"), Maternity = L("NAME_INCOME_TYPE", "Maternity leave"),
            Secondary = L("NAME_EDUCATION_TYPE", "Secondary / secondary special"),
            Higher = L("NAME_EDUCATION_TYPE", "Higher education"),
            IncompleteHigher = L("NAME_EDUCATION_TYPE", "Incomplete higher"),
            LowerSecondary = L("NAME_EDUCATION_TYPE", "Lower secondary"),
            Academic = L("NAME_EDUCATION_TYPE", "Academic degree"),
            Married = L("NAME_FAMILY_STATUS", "Married"), Single = L("NAME_FAMILY_STATUS", "Single / not married"),
            CivilMarriage = L("NAME_FAMILY_STATUS", "Civil marriage"), Separated = L("NAME_FAMILY_STATUS", "Separated"),
            Widow = L("NAME_FAMILY_STATUS", "Widow"), FamilyUnknown = L("NAME_FAMILY_STATUS", "Unknown"),
            WithParents = L("NAME_HOUSING_TYPE", "With parents"), Rented = L("NAME_HOUSING_TYPE", "Rented apartment"),
            OfficeApartment = L("NAME_HOUSING_TYPE", "Office apartment"),
            OrganizationUnknown = L("ORGANIZATION_TYPE", "XNA");

        public static int L(string column, string level)
        {
            var index = HomeCreditColumns.Levels[column].ToList().IndexOf(level);
            return index >= 0 ? index : throw new InvalidOperationException($"{column} has no level {level}");
        }
    }

    private static int I(string name)
    {
        var index = HomeCreditColumns.IndexOf(name);
        return index >= 0 ? index : throw new InvalidOperationException($"no column {name}");
    }
}
