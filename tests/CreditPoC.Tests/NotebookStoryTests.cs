using System.Text.Json;
using CreditPoC.Loading;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace CreditPoC.Tests;

/// <summary>What a notebook's cells see as globals: <c>display</c>, as in Polyglot Notebooks.</summary>
public sealed class NotebookGlobals
{
    /// <summary>Everything the cells displayed.</summary>
    public List<object?> Displayed { get; } = [];

    /// <summary>Records a displayed value.</summary>
#pragma warning disable IDE1006 // lower-case, as the notebook kernel names it
    public object? display(object? value)
#pragma warning restore IDE1006
    {
        Displayed.Add(value);
        return value;
    }
}

/// <summary>
/// Runs the code cells of notebooks/poc/01 and 02 against the library, as chained C# script submissions (the way
/// the notebook engine runs them), with parameters injected after the parameters cell; `#r` lines are left out
/// and the library is referenced directly. Asserts on the files the notebooks write.
/// </summary>
[TestClass]
public sealed class NotebookStoryTests
{
    private TestData _data = null!;

    [TestInitialize]
    public void Init() => _data = new TestData();

    [TestCleanup]
    public void Cleanup() => _data.Dispose();

    private static async Task<NotebookGlobals> RunNotebook(string name, IReadOnlyDictionary<string, string> parameters)
    {
        var path = Path.Combine(TestData.RepositoryRoot(), "notebooks", "poc", name);
        using var notebook = JsonDocument.Parse(File.ReadAllText(path));
        var options = ScriptOptions.Default
            .AddReferences(typeof(CsvTableLoader).Assembly, typeof(Microsoft.Data.Analysis.DataFrame).Assembly,
                typeof(Plotly.NET.GenericChart).Assembly)
            .AddImports("System", "System.IO", "System.Linq", "System.Collections.Generic");
        var globals = new NotebookGlobals();
        ScriptState<object>? state = null;
        foreach (var cell in notebook.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "code")
                continue;
            var source = string.Concat(cell.GetProperty("source").EnumerateArray().Select(l => l.GetString()));
            source = string.Join('\n', source.Split('\n').Where(l => !l.TrimStart().StartsWith("#r ", StringComparison.Ordinal)));
            state = state is null
                ? await CSharpScript.RunAsync(source, options, globals, typeof(NotebookGlobals))
                : await state.ContinueWithAsync(source, options);
            bool isParameters = cell.GetProperty("metadata").TryGetProperty("tags", out var tags) &&
                                tags.EnumerateArray().Any(t => t.GetString() == "parameters");
            if (isParameters)
            {
                var injected = string.Concat(parameters.Select(p => $"var {p.Key} = {SymbolDisplay.FormatLiteral(p.Value, true)};\n"));
                state = await state.ContinueWithAsync(injected, options);
            }
        }
        return globals;
    }

    private string WriteSchema() => _data.Write("schema.yaml", TestData.HomeCreditLikeSchema);

    private Dictionary<string, string> HomeCreditParameters(string csv) => new()
    {
        ["DATA_PATH"] = _data.Write("application_train.csv", csv),
        ["SCHEMA_PATH"] = WriteSchema(),
        ["OUTPUT_DIR"] = Path.Combine(_data.Folder, "out"),
    };

    [TestMethod]
    public async Task ValidationNotebookFlagsLeakRepeatsAndOutcomeAndPasses()
    {
        var parameters = HomeCreditParameters(TestData.HomeCreditLike(3000, repeats: 20, leak: true));

        await RunNotebook("01_data_validation.ipynb", parameters);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_data.Folder, "out", "validation.json")));
        var root = json.RootElement;
        Assert.IsTrue(root.GetProperty("passed").GetBoolean());
        Assert.AreEqual("LEAK", root.GetProperty("leak_suspects")[0].GetProperty("column").GetString());
        var related = root.GetProperty("related_records");
        Assert.IsGreaterThanOrEqualTo(20, related.GetProperty("groups").GetInt32());
        // The last 20 rows repeat the first 20 applicants: each pair is listed as one group, by id.
        var groups = related.GetProperty("members").EnumerateArray()
            .Select(g => g.GetProperty("ids").EnumerateArray().Select(i => i.GetString()).ToArray()).ToList();
        for (int i = 0; i < 20; i++)
            Assert.IsTrue(groups.Any(g => g.Contains($"{100002 + i}") && g.Contains($"{100002 + 2980 + i}")), $"repeat {i} not found");
        var target = root.GetProperty("availability").EnumerateArray().Single(a => a.GetProperty("column").GetString() == "TARGET");
        Assert.AreEqual("outcome", target.GetProperty("availability").GetString());
    }

    [TestMethod]
    public async Task ValidationNotebookFailsClearlyOnErrorsAfterWritingTheReport()
    {
        var csv = TestData.HomeCreditLike(300).Replace("\n100010,0,", "\n100010,7,");
        var parameters = HomeCreditParameters(csv);

        var error = await Assert.ThrowsExactlyAsync<UserFacingException>(() => RunNotebook("01_data_validation.ipynb", parameters));

        StringAssert.Contains(error.Message, "target_labels");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_data.Folder, "out", "validation.json")));
        Assert.IsFalse(json.RootElement.GetProperty("passed").GetBoolean());
    }

    [TestMethod]
    public async Task EdaNotebookWritesProfileAndShowsCharts()
    {
        var parameters = HomeCreditParameters(TestData.HomeCreditLike(4000));

        var globals = await RunNotebook("02_eda.ipynb", parameters);

        var profile = CreditPoC.Exploration.DataProfile.ReadJson(Path.Combine(_data.Folder, "out", "profile.json"));
        Assert.AreEqual(0.70, profile["COMMONAREA_AVG"].MissingShare, 0.03);
        Assert.AreEqual(365243.0, profile["DAYS_EMPLOYED"].SpecialValues.Single().Value);
        // missing, 1 histogram grid (a second only past 16 numeric columns), categories, 2 rate grids, associations
        Assert.HasCount(6, globals.Displayed.OfType<Plotly.NET.GenericChart>());
        // types, missing, target rates, associations, special values, numeric summary
        Assert.HasCount(6, globals.Displayed.OfType<CreditPoC.Tables.ReportTable>());
        Assert.HasCount(12, globals.Displayed);
    }

    [TestMethod]
    public async Task BothNotebooksRunOnAnotherCreditTableGivenOnlyTargetIdAndLabel()
    {
        var parameters = new Dictionary<string, string>
        {
            ["DATA_PATH"] = _data.Write("german.csv", TestData.GermanLike(800)),
            ["SCHEMA_PATH"] = "",
            ["TARGET"] = "class",
            ["POSITIVE_LABEL"] = "bad",
            ["ID_COLUMN"] = "applicant_id",
            ["OUTPUT_DIR"] = Path.Combine(_data.Folder, "out"),
        };

        await RunNotebook("01_data_validation.ipynb", parameters);
        await RunNotebook("02_eda.ipynb", parameters);

        using var validation = JsonDocument.Parse(File.ReadAllText(Path.Combine(_data.Folder, "out", "validation.json")));
        Assert.IsTrue(validation.RootElement.GetProperty("passed").GetBoolean());
        Assert.AreEqual("good", validation.RootElement.GetProperty("target").GetProperty("negative_label").GetString());
        var profile = CreditPoC.Exploration.DataProfile.ReadJson(Path.Combine(_data.Folder, "out", "profile.json"));
        Assert.AreEqual("checking", profile.TopAssociations(1)[0].Column);
    }
}
