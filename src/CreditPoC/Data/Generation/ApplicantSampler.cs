namespace CreditPoC.Data.Generation;

/// <summary>
/// Draws the columns of one application into a row (a double per column: NaN for missing, the level number for
/// text). A person's lasting traits (<see cref="SamplePerson"/>) are kept apart from what belongs to one loan
/// application (<see cref="SampleApplication"/>) so that a repeat applicant can be the same person with a new loan.
/// Shares and shapes follow the public facts of Home Credit's application_train.csv.
/// </summary>
internal sealed class ApplicantSampler(SeededRandom random)
{
    private static readonly WeightedChoice IncomeTypes = new(158774, 71617, 55362, 21703, 22, 18, 10, 5);
    private static readonly WeightedChoice FamilyStatus = new(196432, 45444, 29775, 19770, 16088, 2);
    private static readonly WeightedChoice HousingTypes = new(272868, 14840, 11183, 4881, 2617, 1122);
    private static readonly WeightedChoice TypeSuites = new(248526, 40149, 11370, 3267, 1770, 866, 271);
    private static readonly WeightedChoice Weekdays = new(50714, 53901, 51934, 50591, 50338, 33852, 16181);
    private static readonly WeightedChoice ChildrenCount = new(70.0, 19.9, 8.7, 1.2, 0.14, 0.02);
    private static readonly WeightedChoice LoanTermMonths = new(0.18, 0.10, 0.24, 0.06, 0.22, 0.10, 0.10);
    private static readonly int[] TermMonths = [12, 18, 24, 30, 36, 48, 60];
    private static readonly WeightedChoice Fondkapremont = new(73830, 12080, 5687, 5619);
    private static readonly WeightedChoice HouseTypes = new(150503, 1499, 1212);
    private static readonly WeightedChoice WallMaterials = new(66040, 64815, 9253, 5362, 2296, 1779, 1625);
    private static readonly WeightedChoice RegionRatings = new(10.5, 73.8, 15.7);

    private static readonly double[] OrganizationCounts =
    [
        67992, 0, 38412, 16683, 11193, 10553, 10404, 8893, 7831, 6880, 6721, 5984, 5398, 3492, 3368, 3278, 3247,
        2958, 2704, 2634, 2507, 2454, 2341, 2204, 2157, 1974, 1900, 1811, 1575, 1327, 1307, 1187, 1039, 966, 950, 877,
        631, 599, 597, 577, 560, 458, 429, 396, 379, 369, 348, 317, 305, 260, 201, 112, 109, 85, 67, 64, 49, 24,
    ];
    private static readonly WeightedChoice Organizations = new(OrganizationCounts);

    private static readonly WeightedChoice StateOrganizations = new(
        OrganizationCounts.Select((count, i) => IsState(HomeCreditColumns.Levels["ORGANIZATION_TYPE"][i]) ? count : 0).ToArray());

    private static readonly double[] OccupationCounts =
    [
        55186, 32102, 27570, 21371, 18603, 11380, 9813, 8537, 6721, 5946, 4653, 2652, 2093, 1348, 1305, 751, 563, 526,
    ];
    private static readonly WeightedChoice Occupations = new(OccupationCounts);

    // Higher education tilts towards office work: Core staff, Managers, High skill tech, Accountants, Medicine, HR, IT.
    private static readonly WeightedChoice OccupationsHigher = new(
        OccupationCounts.Select((count, i) => i is 2 or 3 or 5 or 6 or 7 or 16 or 17 ? count * 3 : i is 0 or 12 ? count * 0.4 : count).ToArray());

    /// <summary>Regions: (population relative, rating); rating 1 are big cities, rating 3 small places.</summary>
    private static readonly (double Population, int Rating)[][] RegionsByRating = BuildRegions();

    // Present share of each building measure (1 - missing share), in BuildingMeasures order.
    private static readonly double[] BuildingPresent =
        [0.493, 0.415, 0.512, 0.335, 0.301, 0.467, 0.497, 0.502, 0.322, 0.406, 0.316, 0.498, 0.306, 0.448];

    // Typical _AVG value (median of a log-normal) and spread of each building measure.
    private static readonly (double Median, double Spread)[] BuildingShape =
    [
        (0.088, 0.7), (0.076, 0.8), (0.9816, 0.0), (0.755, 0.0), (0.021, 0.9), (0.0, 0.0), (0.1379, 0.0),
        (0.1667, 0.0), (0.2083, 0.0), (0.048, 0.9), (0.076, 0.7), (0.075, 0.8), (0.0039, 1.2), (0.0036, 1.5),
    ];

    private static readonly int BuildingStart = HomeCreditColumns.IndexOf("APARTMENTS_AVG");
    private static readonly int Measures = HomeCreditColumns.BuildingMeasures.Count;

    // Share of rows with each FLAG_DOCUMENT_2..21 set (FLAG_DOCUMENT_3 is the usual one).
    private static readonly double[] DocumentShares =
    [
        0.00004, 0.71, 0.00008, 0.0151, 0.088, 0.0002, 0.081, 0.0039, 0.00002, 0.0039, 0.00001, 0.0035, 0.0029,
        0.0012, 0.0099, 0.0003, 0.0081, 0.0006, 0.0005, 0.0003,
    ];

    /// <summary>Fills the person's lasting traits; every other column is reset to missing.</summary>
    public void SamplePerson(double[] row)
    {
        Array.Fill(row, double.NaN);
        var quality = random.Normal(); // a latent trait that ties income, education and external scores together

        var u = random.NextDouble();
        row[Col.Gender] = u < 0.000013 ? Col.Level.GenderUnknown : u < 0.658 ? Col.Level.Female : Col.Level.Male;
        var male = row[Col.Gender] == Col.Level.Male;

        var incomeType = IncomeTypes.Pick(random);
        row[Col.IncomeType] = incomeType;
        var pensioner = incomeType == Col.Level.Pensioner;
        var age = pensioner ? Math.Clamp(59.5 + 4.5 * random.Normal(), 45, 68.9)
            : incomeType == Col.Level.Student ? random.Uniform(20.6, 27)
            : Math.Clamp(39 + 10.5 * random.Normal() + (random.Chance(0.3) ? -4 : 0), 20.6, 64.5);
        row[Col.DaysBirth] = -(int)(age * 365.25) + random.Int(0, 300) - 150;
        age = -row[Col.DaysBirth] / 365.25;

        var educationScore = 0.6 * quality + 0.8 * random.Normal() + (age < 26 ? -0.15 : 0);
        row[Col.Education] = educationScore > 3.27 ? Col.Level.Academic
            : educationScore > 0.693 ? Col.Level.Higher
            : educationScore > 0.59 ? Col.Level.IncompleteHigher
            : educationScore < -2.245 ? Col.Level.LowerSecondary
            : Col.Level.Secondary;
        var higher = row[Col.Education] == Col.Level.Higher || row[Col.Education] == Col.Level.Academic;

        var family = FamilyStatus.Pick(random);
        if (age > 58 && random.Chance(0.12)) family = Col.Level.Widow;
        if (age < 25 && random.Chance(0.35)) family = Col.Level.Single;
        row[Col.Family] = family;
        var children = age is > 22 and < 50 ? ChildrenCount.Pick(random) : random.Chance(0.05) ? 1 : 0;
        if (random.Chance(0.00002)) children = random.Int(6, 19);
        row[Col.Children] = children;
        var partner = family == Col.Level.Married || family == Col.Level.CivilMarriage ? 1 : 0;
        row[Col.FamilyMembers] = random.Chance(0.0000065) ? double.NaN : 1 + partner + children;

        var housing = HousingTypes.Pick(random);
        if (age < 30 && random.Chance(0.08)) housing = Col.Level.WithParents;
        row[Col.Housing] = housing;
        row[Col.OwnRealty] = random.Chance(age < 28 ? 0.58 : 0.71) ? Col.Level.RealtyYes : Col.Level.RealtyNo;

        var rating = RegionRatings.Pick(random) + 1;
        var regions = RegionsByRating[rating - 1];
        var region = regions[(int)(Math.Pow(random.NextDouble(), 1.6) * regions.Length)];
        row[Col.RegionPopulation] = region.Population;
        row[Col.RegionRating] = rating;
        row[Col.RegionRatingCity] = rating == 3 && random.Chance(0.09) ? 2 : rating == 2 && random.Chance(0.008) ? 1 : rating;

        var logIncome = Math.Log(147150) + 0.47 * random.Normal() + 0.12 * quality + (male ? 0.17 : -0.03)
            + (higher ? 0.2 : -0.05) + (pensioner ? -0.3 : 0) + (incomeType == Col.Level.Commercial ? 0.1 : 0)
            + (rating == 1 ? 0.3 : rating == 3 ? -0.15 : 0);
        var income = Math.Exp(logIncome);
        income = random.Chance(0.8) ? Math.Max(4500, Math.Round(income / 4500) * 4500) : Math.Max(25650, Math.Round(income / 450) * 450);
        row[Col.Income] = income;

        var carOwner = random.Chance(Math.Clamp(0.27 + (male ? 0.2 : 0) + (income > 200000 ? 0.1 : 0) - (pensioner ? 0.1 : 0), 0, 1));
        row[Col.OwnCar] = carOwner ? Col.Level.Yes : Col.Level.No;
        if (carOwner)
            row[Col.OwnCarAge] = random.Chance(0.004) ? random.Int(63, 65) : Math.Min(60, Math.Round(Math.Exp(2.1 + 0.75 * random.Normal())) - 1 + random.Int(0, 1));

        SampleEmployment(row, incomeType, age, higher, quality);

        row[Col.FlagMobil] = random.Chance(0.999997) ? 1 : 0;
        row[Col.FlagContMobile] = random.Chance(0.998) ? 1 : 0;
        row[Col.FlagPhone] = random.Chance(pensioner ? 0.42 : 0.25) ? 1 : 0;
        row[Col.FlagEmail] = random.Chance(higher ? 0.1 : 0.04) ? 1 : 0;

        var adultDays = Math.Max(30, (age - 18) * 365.25);
        row[Col.DaysRegistration] = -Math.Round(Math.Min(adultDays, Math.Exp(8.1 + 0.95 * random.Normal())));
        row[Col.DaysIdPublish] = -Math.Round(Math.Min(random.Uniform(0, 7197), Math.Max(1, (age - 14) * 365.25 * random.NextDouble())));

        SampleExternalScores(row, quality, age);
        SampleBuilding(row);
        SampleSocialCircle(row);
    }

    private void SampleEmployment(double[] row, int incomeType, double age, bool higher, double quality)
    {
        var notEmployed = incomeType == Col.Level.Unemployed || (incomeType == Col.Level.Pensioner && random.Chance(0.9998));
        if (notEmployed)
        {
            row[Col.DaysEmployed] = HomeCreditColumns.DaysEmployedSentinel;
            row[Col.Organization] = Col.Level.OrganizationUnknown;
            row[Col.FlagEmpPhone] = 0;
            row[Col.FlagWorkPhone] = 0;
            row[Col.Occupation] = random.Chance(0.003) ? Occupations.Pick(random) : double.NaN;
            row[Col.RegRegionNotWork] = row[Col.LiveRegionNotWork] = 0;
            row[Col.RegCityNotWork] = row[Col.LiveCityNotWork] = 0;
            row[Col.RegRegionNotLive] = random.Chance(0.01) ? 1 : 0;
            row[Col.RegCityNotLive] = random.Chance(0.05) ? 1 : 0;
            return;
        }

        var years = Math.Exp(1.35 + 0.1 * quality + 0.95 * random.Normal());
        years = Math.Min(years, Math.Max(0.05, age - 18.5));
        row[Col.DaysEmployed] = -Math.Max(1, Math.Round(years * 365.25));
        var organization = incomeType == Col.Level.StateServant && random.Chance(0.75)
            ? StateOrganizations.Pick(random) : Organizations.Pick(random);
        row[Col.Organization] = organization;
        row[Col.FlagEmpPhone] = 1;
        row[Col.FlagWorkPhone] = random.Chance(0.24) ? 1 : 0;
        row[Col.Occupation] = random.Chance(0.18) ? double.NaN : (higher ? OccupationsHigher : Occupations).Pick(random);

        var liveCityNotWork = random.Chance(0.22);
        row[Col.LiveCityNotWork] = liveCityNotWork ? 1 : 0;
        var regCityNotLive = random.Chance(0.085);
        row[Col.RegCityNotLive] = regCityNotLive ? 1 : 0;
        row[Col.RegCityNotWork] = liveCityNotWork || regCityNotLive ? (random.Chance(0.85) ? 1 : 0) : (random.Chance(0.07) ? 1 : 0);
        var regRegionNotLive = random.Chance(0.017);
        row[Col.RegRegionNotLive] = regRegionNotLive ? 1 : 0;
        var liveRegionNotWork = liveCityNotWork && random.Chance(0.2);
        row[Col.LiveRegionNotWork] = liveRegionNotWork ? 1 : 0;
        row[Col.RegRegionNotWork] = liveRegionNotWork || regRegionNotLive ? 1 : (random.Chance(0.01) ? 1 : 0);
    }

    private void SampleExternalScores(double[] row, double quality, double age)
    {
        // Narrower than uniform (sd about 0.2) and centred near 0.5, as in the real file.
        var ageScaled = (age - 43) / 12;
        if (random.Chance(age > 45 ? 0.47 : 0.378))
            row[Col.Ext1] = Reflect(Gaussian.Cdf(0.6 * (0.45 * quality + 0.45 * ageScaled + 0.75 * random.Normal()) + 0.02), 0.0146, 0.9627);
        if (!random.Chance(0.0021))
            row[Col.Ext2] = Reflect(Gaussian.Cdf(0.62 * (0.55 * quality + 0.1 * ageScaled + 0.82 * random.Normal()) + 0.1), 0.00001, 0.855);
        if (!random.Chance(0.198))
            row[Col.Ext3] = Reflect(Gaussian.Cdf(0.62 * (0.5 * quality + 0.25 * ageScaled + 0.8 * random.Normal()) + 0.03), 0.0005, 0.896);
    }

    private void SampleBuilding(double[] row)
    {
        var known = random.NextDouble(); // one draw for the whole block: the measures are missing together
        var size = random.Normal();
        for (var m = 0; m < Measures; m++)
        {
            if (known >= BuildingPresent[m]) continue;
            var value = BuildingValue(m, size);
            row[BuildingStart + m] = Round4(value);
            row[BuildingStart + Measures + m] = Round4(ModeOf(m, value));
            row[BuildingStart + 2 * Measures + m] = Round4(Math.Clamp(value * (1 + 0.02 * random.Normal()), 0, 1));
        }
        if (known < 0.316) row[Col.Fondkapremont] = Fondkapremont.Pick(random);
        if (known < 0.498) row[Col.HouseType] = HouseTypes.Pick(random);
        if (known < 0.517) row[Col.TotalArea] = Round4(Math.Clamp(0.069 * Math.Exp(0.4 * size + 0.6 * random.Normal()), 0, 1));
        if (known < 0.492) row[Col.Walls] = WallMaterials.Pick(random);
        if (known < 0.526) row[Col.Emergency] = random.Chance(0.0144) ? 1 : 0;
    }

    private double BuildingValue(int measure, double size)
    {
        var (median, spread) = BuildingShape[measure];
        switch (HomeCreditColumns.BuildingMeasures[measure])
        {
            case "YEARS_BEGINEXPLUATATION": return Math.Clamp(1 - 0.02 * Math.Abs(random.Normal()) - (random.Chance(0.02) ? random.NextDouble() * 0.3 : 0), 0, 1);
            case "YEARS_BUILD": return Math.Clamp(0.755 + 0.11 * random.Normal(), 0, 1);
            case "ELEVATORS": return Math.Clamp(0.08 * Math.Max(0, Math.Round(1.0 + 1.2 * size + random.Normal())), 0, 1);
            case "ENTRANCES": return Math.Clamp(0.0345 * Math.Max(1, Math.Round(4 + 1.5 * size + 1.5 * random.Normal())), 0, 1);
            case "FLOORSMAX":
            case "FLOORSMIN": return Math.Clamp(0.0417 * Math.Max(1, Math.Round(5 + 2.5 * size + 1.5 * random.Normal())), 0, 1);
            default: return Math.Clamp(median * Math.Exp(0.5 * size * spread + spread * 0.8 * random.Normal()), 0, 1);
        }
    }

    private double ModeOf(int measure, double value) =>
        random.Chance(0.3) ? value : Math.Clamp(value * (1 + 0.08 * random.Normal()), 0, 1);

    private void SampleSocialCircle(double[] row)
    {
        if (random.Chance(0.0033)) return;
        var observed = random.Chance(0.53) ? 0 : 1 + random.Poisson(2.0);
        if (random.Chance(0.00001)) observed = random.Int(30, 348);
        var defaulted = 0;
        for (var i = 0; i < Math.Min(observed, 40); i++) if (random.Chance(0.08)) defaulted++;
        row[Col.Obs30] = observed;
        row[Col.Def30] = defaulted;
        row[Col.Obs60] = random.Chance(0.98) ? observed : Math.Max(0, observed - 1);
        row[Col.Def60] = defaulted > 0 && random.Chance(0.2) ? defaulted - 1 : defaulted;
    }

    /// <summary>Fills what belongs to one loan application: the contract, amounts, documents, timing, bureau.</summary>
    public void SampleApplication(double[] row)
    {
        var income = row[Col.Income];
        var pensioner = row[Col.IncomeType] == Col.Level.Pensioner;
        var revolving = random.Chance(0.095);
        row[Col.ContractType] = revolving ? Col.Level.Revolving : Col.Level.Cash;
        if (revolving)
        {
            var credit = Math.Clamp(Math.Round(income * Math.Exp(0.4 + 0.5 * random.Normal()) / 22500) * 22500, 45000, 1350000);
            row[Col.Credit] = credit;
            row[Col.Annuity] = credit * 0.05;
            row[Col.GoodsPrice] = random.Chance(0.0095 / 0.095) ? double.NaN : credit;
        }
        else
        {
            var goods = income * Math.Exp(Math.Log(3.0) + 0.45 * random.Normal()) * (pensioner ? 0.8 : 1);
            var step = random.Chance(0.6) ? 22500 : 4500;
            goods = Math.Clamp(Math.Round(goods / step) * step, 40500, 4050000);
            var insurance = random.Chance(0.25) ? 0 : random.Uniform(0.03, 0.25);
            var credit = Math.Round(goods * (1 + insurance) * 2) / 2;
            var months = TermMonths[LoanTermMonths.Pick(random)];
            var monthlyRate = random.Uniform(0.01, 0.028);
            var annuity = credit * monthlyRate / (1 - Math.Pow(1 + monthlyRate, -months));
            row[Col.Credit] = credit;
            row[Col.GoodsPrice] = goods;
            row[Col.Annuity] = Math.Round(annuity * 2) / 2;
        }
        if (random.Chance(0.00004)) row[Col.Annuity] = double.NaN;

        row[Col.TypeSuite] = random.Chance(0.0042) ? double.NaN : TypeSuites.Pick(random);
        row[Col.Weekday] = Weekdays.Pick(random);
        row[Col.Hour] = Math.Clamp(Math.Round(12 + 3.3 * random.Normal()), 0, 23);

        for (var d = 0; d < DocumentShares.Length; d++) row[Col.Document2 + d] = 0;
        var mainDocument = random.NextDouble();
        if (mainDocument < 0.71) row[Col.Document2 + 1] = 1;
        else if (mainDocument < 0.71 + 0.088) row[Col.Document2 + 4] = 1;
        else if (mainDocument < 0.71 + 0.088 + 0.081) row[Col.Document2 + 6] = 1;
        for (var d = 0; d < DocumentShares.Length; d++)
            if (d is not (1 or 4 or 6) && random.Chance(DocumentShares[d])) row[Col.Document2 + d] = 1;

        row[Col.DaysPhoneChange] = random.Chance(0.000003) ? double.NaN
            : random.Chance(0.122) ? 0 : -Math.Min(4292, Math.Round(Math.Exp(6.4 + 1.1 * random.Normal())));

        for (var b = 0; b < 6; b++) row[Col.BureauHour + b] = double.NaN;
        if (!random.Chance(0.135))
        {
            row[Col.BureauHour] = random.Chance(0.005) ? 1 : 0;
            row[Col.BureauHour + 1] = random.Chance(0.005) ? 1 : 0;
            row[Col.BureauHour + 2] = random.Chance(0.03) ? 1 : 0;
            row[Col.BureauHour + 3] = random.Chance(0.83) ? 0 : 1 + random.Poisson(0.6);
            row[Col.BureauHour + 4] = random.Chance(0.81) ? 0 : 1 + random.Poisson(0.4);
            row[Col.BureauHour + 5] = random.Chance(0.27) ? 0 : 1 + random.Poisson(1.6);
        }
    }

    /// <summary>
    /// Turns a stored person into the same person <paramref name="days"/> later: the day counts of fixed past
    /// events (birth, id document, registration, job start) move back by that many days; the car ages.
    /// </summary>
    public static void ShiftForRepeat(double[] row, int days)
    {
        // As the data set records a person: DAYS_BIRTH and DAYS_ID_PUBLISH stay the same (the stable attributes
        // that identify a repeat applicant); the registration and employment counts move by the days in between.
        row[Col.DaysRegistration] -= days;
        if (row[Col.DaysEmployed] != HomeCreditColumns.DaysEmployedSentinel) row[Col.DaysEmployed] -= days;
        if (!double.IsNaN(row[Col.OwnCarAge])) row[Col.OwnCarAge] += Math.Floor(days / 365.0);
    }

    private static double Round4(double value) => Math.Round(value, 4);

    /// <summary>Folds a value back inside [min, max] (no pile-up of equal values at the bounds, unlike a clamp).</summary>
    private static double Reflect(double value, double min, double max) =>
        Math.Clamp(value > max ? 2 * max - value : value < min ? 2 * min - value : value, min, max);

    private static bool IsState(string organization) =>
        organization is "Government" or "School" or "Medicine" or "Kindergarten" or "Police" or "Military"
            or "Security Ministries" or "University" or "Postal" or "Emergency" or "Culture" or "Housing";

    private static (double, int)[][] BuildRegions()
    {
        // A fixed map of regions, independent of the seed: the same region always has the same population.
        var fixedRandom = new SeededRandom(20180517);
        (double, int)[] Make(int count, double min, double max, int rating) =>
            Enumerable.Range(0, count).Select(_ => (Math.Round(fixedRandom.Uniform(min, max), 6), rating)).ToArray();
        return [Make(8, 0.028, 0.0725, 1), Make(45, 0.0046, 0.0358, 2), Make(18, 0.00029, 0.011, 3)];
    }
}
