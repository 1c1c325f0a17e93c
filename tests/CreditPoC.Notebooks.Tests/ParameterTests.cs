using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Ipynb;
using CreditPoC.Notebooks.Parameters;

namespace CreditPoC.Notebooks.Tests;

[TestClass]
public sealed class ParameterTests
{
    private static Notebook Fixture() => Notebook.Load(TestSupport.Fixture("parameters.ipynb"));

    private static Dictionary<string, string> Values(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    [TestMethod]
    public void ReadsEveryDeclaredTypeAndDefault()
    {
        var declared = NotebookParameters.Inspect(Fixture()).ToDictionary(d => d.Name);

        var expected = new Dictionary<string, (string Type, ParameterKind Kind, string Default)>
        {
            ["TARGET_DATE"] = ("string", ParameterKind.String, "\"2021-01-31\""),
            ["DATA_TYPE"] = ("string", ParameterKind.String, "\"train\""),
            ["ROWS"] = ("int", ParameterKind.Int, "1000"),
            ["SEED"] = ("int", ParameterKind.Int, "42"),
            ["BIG"] = ("long", ParameterKind.Long, "5000000000L"),
            ["RATIO"] = ("double", ParameterKind.Double, "0.25"),
            ["THRESHOLD"] = ("double", ParameterKind.Double, "0.5"),
            ["AMOUNT"] = ("decimal", ParameterKind.Decimal, "1.5m"),
            ["DRY_RUN"] = ("bool", ParameterKind.Bool, "false"),
            ["AS_OF"] = ("DateOnly", ParameterKind.DateOnly, "new(2021, 1, 31)"),
            ["START"] = ("DateOnly", ParameterKind.DateOnly, "DateOnly.Parse(\"2021-01-01\")"),
            ["END"] = ("DateOnly", ParameterKind.DateOnly, "new DateOnly(2021, 12, 31)"),
            ["STAMP"] = ("DateTime", ParameterKind.DateTime, "new DateTime(2021, 1, 31, 13, 45, 0)"),
            ["COLUMNS"] = ("string[]", ParameterKind.StringArray, "[\"AMT_CREDIT\", \"AMT_ANNUITY\"]"),
            ["NAMES"] = ("string[]", ParameterKind.StringArray, "new[] { \"a\", \"b\" }"),
            ["MORE"] = ("string[]", ParameterKind.StringArray, "new string[] { \"c\" }"),
            ["SOMETHING"] = ("List<int>", ParameterKind.Unsupported, "new List<int>()"),
        };
        Assert.HasCount(expected.Count, declared);
        foreach (var (name, (type, kind, text)) in expected)
        {
            Assert.AreEqual(type, declared[name].TypeName, name);
            Assert.AreEqual(kind, declared[name].Kind, name);
            Assert.AreEqual(text, declared[name].DefaultText, name);
        }
        Assert.AreEqual("the date the run is for", declared["TARGET_DATE"].Help);
    }

    [TestMethod]
    public void ConvertsTextToTheDeclaredTypes()
    {
        var bound = NotebookParameters.Bind(Fixture(), Values(
            ("ROWS", "5"), ("BIG", "7"), ("RATIO", "1e-3"), ("AMOUNT", "2.75"), ("DRY_RUN", "true"),
            ("AS_OF", "20210228"), ("END", "2021-03-01"), ("STAMP", "2021-02-01T08:30:00"), ("COLUMNS", "x, y"), ("NAMES", "[\"p\",\"q\"]")), strict: true);

        var values = bound.Values.ToDictionary(v => v.Key, v => v.Value);
        Assert.AreEqual(5, values["ROWS"]);
        Assert.AreEqual(7L, values["BIG"]);
        Assert.AreEqual(0.001, values["RATIO"]);
        Assert.AreEqual(2.75m, values["AMOUNT"]);
        Assert.IsTrue((bool)values["DRY_RUN"]);
        Assert.AreEqual(new DateOnly(2021, 2, 28), values["AS_OF"]);
        Assert.AreEqual(new DateOnly(2021, 3, 1), values["END"]);
        Assert.AreEqual(new DateTime(2021, 2, 1, 8, 30, 0), values["STAMP"]);
        CollectionAssert.AreEqual(new[] { "x", "y" }, (string[])values["COLUMNS"]);
        CollectionAssert.AreEqual(new[] { "p", "q" }, (string[])values["NAMES"]);
        Assert.HasCount(0, bound.Warnings);
    }

    [TestMethod]
    [DataRow("ROWS", "abc", "a whole number")]
    [DataRow("ROWS", "3000000000", "a whole number from -2147483648 to 2147483647")]
    [DataRow("AS_OF", "2021-02-30", "a date like 2021-01-31 or 20210131")]
    [DataRow("AS_OF", "31/01/2021", "a date like 2021-01-31 or 20210131")]
    [DataRow("DRY_RUN", "maybe", "true or false")]
    [DataRow("RATIO", "1,5", "a number")]
    [DataRow("SOMETHING", "1", "the runner cannot set")]
    public void ABadValueNamesTheParameterTheValueAndTheExpectedForm(string name, string value, string expected)
    {
        var e = Assert.ThrowsExactly<UserFacingException>(() => NotebookParameters.Bind(Fixture(), Values((name, value)), strict: false));

        StringAssert.Contains(e.Message, $"parameter {name}");
        StringAssert.Contains(e.Message, $"'{value}'");
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void AnUndeclaredNameWarnsWithTheDeclaredNamesOrFailsWhenStrict()
    {
        var bound = NotebookParameters.Bind(Fixture(), Values(("TARGET_DTE", "2021-01-31")), strict: false);

        var warning = bound.Warnings.Single();
        StringAssert.Contains(warning, "TARGET_DTE is not declared");
        StringAssert.Contains(warning, "TARGET_DATE, DATA_TYPE, ROWS");
        var e = Assert.ThrowsExactly<UserFacingException>(() => NotebookParameters.Bind(Fixture(), Values(("TARGET_DTE", "x")), strict: true));
        StringAssert.Contains(e.Message, "TARGET_DTE is not declared");
    }

    [TestMethod]
    public void InjectedCellIsExactlyPapermillsCSharpForm()
    {
        var notebook = Fixture();
        var bound = NotebookParameters.Bind(notebook, Values(
            ("TARGET_DATE", "2021-02-28"), ("DATA_TYPE", "te\"st\\ é"), ("ROWS", "5"), ("RATIO", "2"), ("DRY_RUN", "True"),
            ("NAMES", "a,b"), ("AMOUNT", "1.5"), ("AS_OF", "20210228"), ("BIG", "3"), ("UNDECLARED", "3000000000")), strict: false);

        NotebookParameters.Inject(notebook, bound);

        var injected = notebook.Cells[2];
        Assert.AreEqual(
            "// Parameters\n" +
            "var TARGET_DATE = \"2021-02-28\";\n" +
            "var DATA_TYPE = \"te\\\"st\\\\ \\xe9\";\n" +
            "var ROWS = 5;\n" +
            "var RATIO = 2.0;\n" +
            "var DRY_RUN = true;\n" +
            "var NAMES = new [] { \"a\", \"b\" };\n" +
            "var AMOUNT = 1.5m;\n" +
            "var AS_OF = new DateOnly(2021, 2, 28);\n" +
            "var BIG = 3L;\n" +
            "var UNDECLARED = 3000000000L;\n",
            injected.Source);
        CollectionAssert.AreEqual(new[] { "injected-parameters" }, injected.Tags.ToArray());
        Assert.IsTrue(notebook.Cells[1].HasTag("parameters"));
        var recorded = (JsonObject)notebook.Metadata["papermill"]!["parameters"]!;
        Assert.AreEqual("2021-02-28", (string?)recorded["AS_OF"]);
        Assert.AreEqual(5, (int)recorded["ROWS"]!);
        Assert.IsTrue((bool)recorded["DRY_RUN"]!);
    }

    [TestMethod]
    public void CodifyMatchesTheTextPapermill260Writes()
    {
        // Expected text produced by papermill 2.6.0's CSharpTranslator.codify (translators.py run under python3)
        // for {'TARGET_DATE': '2021-02-28', 'DATA_TYPE': 'te"st\\ é', 'ROWS': 5, 'RATIO': 2.0, 'DRY_RUN': True,
        //      'NAMES': ['a', 'b'], 'BIG': 3000000000, 'SMALL': 1e-05, 'HUGE': 1e16, 'TXT': 'a\tb\nc € 😀'}.
        const string papermill = "// Parameters\nvar TARGET_DATE = \"2021-02-28\";\nvar DATA_TYPE = \"te\\\"st\\\\ \\xe9\";\nvar ROWS = 5;\nvar RATIO = 2.0;\nvar DRY_RUN = true;\nvar NAMES = new [] { \"a\", \"b\" };\nvar BIG = 3000000000L;\nvar SMALL = 1e-05;\nvar HUGE = 1e+16;\nvar TXT = \"a\\tb\\nc \\u20ac \\U0001f600\";\n";

        var ours = CSharpParameterTranslator.Codify(new KeyValuePair<string, object>[]
        {
            new("TARGET_DATE", "2021-02-28"), new("DATA_TYPE", "te\"st\\ é"), new("ROWS", 5), new("RATIO", 2.0), new("DRY_RUN", true),
            new("NAMES", new[] { "a", "b" }), new("BIG", 3000000000L), new("SMALL", 1e-05), new("HUGE", 1e16), new("TXT", "a\tb\nc € 😀"),
        });

        Assert.AreEqual(papermill, ours);
    }

    [TestMethod]
    public void TranslatesLikePapermillForEveryPythonType()
    {
        Assert.AreEqual("\"a\\tb\\nc\"", CSharpParameterTranslator.Translate("a\tb\nc"));
        Assert.AreEqual("\"\\u20ac \\U0001f600\"", CSharpParameterTranslator.Translate("€ 😀"));
        Assert.AreEqual("\"\\u00e91\"", CSharpParameterTranslator.Translate("é1"), "\\xe91 would be one wrong char in C#");
        Assert.AreEqual("false", CSharpParameterTranslator.Translate(false));
        Assert.AreEqual("2147483647", CSharpParameterTranslator.Translate(int.MaxValue));
        Assert.AreEqual("1e+16", CSharpParameterTranslator.Translate(1e16));
        Assert.AreEqual("new DateTime(2021, 1, 31, 13, 45, 0)", CSharpParameterTranslator.Translate(new DateTime(2021, 1, 31, 13, 45, 0)));
        Assert.AreEqual("new string[] { }", CSharpParameterTranslator.Translate(Array.Empty<string>()));
    }

    [TestMethod]
    public void ReplacesAnOldInjectedCellAndInjectsAtTheTopWithoutAParametersCell()
    {
        var notebook = Fixture();
        NotebookParameters.Inject(notebook, NotebookParameters.Bind(notebook, Values(("ROWS", "1")), false));
        NotebookParameters.Inject(notebook, NotebookParameters.Bind(notebook, Values(("ROWS", "2")), false));

        Assert.AreEqual(1, notebook.Cells.Count(c => c.HasTag("injected-parameters")));
        Assert.AreEqual("// Parameters\nvar ROWS = 2;\n", notebook.Cells[2].Source);

        var plain = PolyglotNotebook.Create();
        plain.AddCode("var x = 1;");
        NotebookParameters.Inject(plain, NotebookParameters.Bind(plain, Values(("X", "hello")), false));
        Assert.IsTrue(plain.Cells[0].HasTag("injected-parameters"));
        Assert.AreEqual("// Parameters\nvar X = \"hello\";\n", plain.Cells[0].Source);
    }

    [TestMethod]
    public void NoValuesInjectNothing()
    {
        var notebook = Fixture();
        var before = notebook.Cells.Count;

        NotebookParameters.Inject(notebook, NotebookParameters.Bind(notebook, new Dictionary<string, string>(), true));

        Assert.HasCount(before, notebook.Cells);
        Assert.HasCount(0, (JsonObject)notebook.Metadata["papermill"]!["parameters"]!);
    }
}
