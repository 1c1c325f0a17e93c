using CreditPoC.Notebooks.Pipelines;

namespace CreditPoC.Notebooks.Tests.Pipelines;

[TestClass]
public sealed class YamlParametersTests
{
    [TestMethod]
    public void ScalarsStayAsWrittenAndListsAreJoinedWithCommas()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("p.yaml"), "TARGET_DATE: 2021-01-31\nRATE: 0.50\nFLAG: true\nNAME: 'a b'\nCOLUMNS: [EXT_SOURCE_1, EXT_SOURCE_2]\nEMPTY: \"\"\n");
        var values = YamlParameters.LoadFile(temp.File("p.yaml"));
        Assert.AreEqual("2021-01-31", values["TARGET_DATE"]);
        Assert.AreEqual("0.50", values["RATE"]);
        Assert.AreEqual("true", values["FLAG"]);
        Assert.AreEqual("a b", values["NAME"]);
        Assert.AreEqual("EXT_SOURCE_1,EXT_SOURCE_2", values["COLUMNS"]);
        Assert.AreEqual("", values["EMPTY"]);
    }

    [TestMethod]
    public void AYamlBombIsRefusedQuicklyNotExpanded()
    {
        using var temp = new TempFolder();
        var bomb = new System.Text.StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
            bomb.Append(level).Append(": &").Append(level).Append(" [").Append(string.Join(",", Enumerable.Repeat("*" + (char)(level - 1), 9))).Append("]\n");
        File.WriteAllText(temp.File("bomb.yaml"), bomb.ToString());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.ThrowsExactly<UserFacingException>(() => YamlParameters.LoadFile(temp.File("bomb.yaml")));
        Assert.IsLessThan(5.0, clock.Elapsed.TotalSeconds, "the aliases were not expanded");
        StringAssert.Contains(error.Message, "bomb.yaml");
    }

    [TestMethod]
    public void NestedMappingsNullsAndNonMappingsAreErrorsNamingTheParameter()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("nested.yaml"), "A: 1\nB:\n  C: 2\n");
        var error = Assert.ThrowsExactly<UserFacingException>(() => YamlParameters.LoadFile(temp.File("nested.yaml")));
        StringAssert.Contains(error.Message, "nested.yaml, line 3: parameter B must be a value or a list of values");
        File.WriteAllText(temp.File("null.yaml"), "A:\n");
        error = Assert.ThrowsExactly<UserFacingException>(() => YamlParameters.LoadFile(temp.File("null.yaml")));
        StringAssert.Contains(error.Message, "parameter A has no value");
        File.WriteAllText(temp.File("list.yaml"), "- a\n- b\n");
        error = Assert.ThrowsExactly<UserFacingException>(() => YamlParameters.LoadFile(temp.File("list.yaml")));
        StringAssert.Contains(error.Message, "expected a mapping of parameter names to values");
    }

    [TestMethod]
    public void PlaceholdersAreFilledPerRun()
    {
        var date = new DateOnly(2021, 1, 31);
        Assert.AreEqual("2021-01-31", RunPlaceholders.Fill("{date}", date, "/runs/x", "id"));
        Assert.AreEqual("d=20210131 /runs/x/out id {other}", RunPlaceholders.Fill("d={date:yyyyMMdd} {run_dir}/out {run_id} {other}", date, "/runs/x", "id"));
        Assert.AreEqual("learn@id", RunPlaceholders.Fill("{task}@{run_id}", date, "/runs/x", "id", "learn"));
    }
}
