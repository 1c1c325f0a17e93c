namespace CreditPoC.Tests.Tables;

[TestClass]
public sealed class NameListTests
{
    [TestMethod]
    public void ALongListShowsTheFirstFiveAndHowManyMore()
    {
        var names = new[] { "SK_ID_CURR", "TARGET", "NAME_CONTRACT_TYPE", "CODE_GENDER", "FLAG_OWN_CAR" }
            .Concat(Enumerable.Range(1, 117).Select(i => $"COLUMN_{i}"));
        Assert.AreEqual("SK_ID_CURR, TARGET, NAME_CONTRACT_TYPE, CODE_GENDER, FLAG_OWN_CAR, … and 117 more", NameList.Shorten(names));
        Assert.AreEqual("A, B, … and 1,000 more", NameList.Shorten(new[] { "A", "B" }.Concat(Enumerable.Repeat("C", 1000)), shown: 2));
    }

    [TestMethod]
    public void AShortListIsShownWhole()
    {
        Assert.AreEqual("", NameList.Shorten([]));
        Assert.AreEqual("A", NameList.Shorten(["A"]));
        Assert.AreEqual("A, B, C, D, E, F", NameList.Shorten(["A", "B", "C", "D", "E", "F"]), "one more than shown: no '… and 1 more'");
    }

    [TestMethod]
    public void TheLoaderListsTheColumnsAFileLacksShortened()
    {
        var folder = Directory.CreateTempSubdirectory("creditpoc-names").FullName;
        var csv = Path.Combine(folder, "other.csv");
        File.WriteAllText(csv, "id,income,bad\n1,100,0\n2,200,1\n");
        var schema = CreditPoC.Loading.TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));

        var error = Assert.ThrowsExactly<UserFacingException>(() => CreditPoC.Loading.CsvTableLoader.Load(csv, schema));
        Directory.Delete(folder, recursive: true);

        StringAssert.Matches(error.Message, new System.Text.RegularExpressions.Regex(
            @"^data file .*other\.csv lacks 122 column\(s\) that the schema names: SK_ID_CURR, TARGET, \w+, \w+, \w+, … and 117 more$"));
    }
}
