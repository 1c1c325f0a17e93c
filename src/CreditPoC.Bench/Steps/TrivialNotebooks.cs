using System.Text.Json.Nodes;

namespace CreditPoC.Bench.Steps;

/// <summary>The same 10 trivial cells as a C# notebook (for the CreditPoC engine) and a Python one (for Jupyter).</summary>
internal static class TrivialNotebooks
{
    private static readonly string[] CSharpCells =
    [
        "var a = 1;",
        "var b = a + 1;\nb",
        "Console.WriteLine($\"a = {a}, b = {b}\");",
        "var numbers = Enumerable.Range(1, 100).ToList();",
        "numbers.Sum()",
        "var words = new[] { \"credit\", \"screening\", \"notebook\" };",
        "string.Join(\" \", words)",
        "var total = 0;\nfor (var i = 0; i < 1000; i++) total += i;\ntotal",
        "var squares = numbers.Select(n => n * n).Take(5).ToArray();\nConsole.WriteLine(string.Join(\", \", squares));",
        "\"done\"",
    ];

    private static readonly string[] PythonCells =
    [
        "a = 1",
        "b = a + 1\nb",
        "print(f\"a = {a}, b = {b}\")",
        "numbers = list(range(1, 101))",
        "sum(numbers)",
        "words = [\"credit\", \"screening\", \"notebook\"]",
        "\" \".join(words)",
        "total = 0\nfor i in range(1000):\n    total += i\ntotal",
        "squares = [n * n for n in numbers][:5]\nprint(\", \".join(map(str, squares)))",
        "\"done\"",
    ];

    public static string WriteCSharp(string path) => Write(path, CSharpCells, new JsonObject
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
    });

    public static string WritePython(string path) => Write(path, PythonCells, new JsonObject
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = "Python 3", ["language"] = "python", ["name"] = "python3" },
        ["language_info"] = new JsonObject { ["name"] = "python" },
    });

    private static string Write(string path, IEnumerable<string> cells, JsonObject metadata)
    {
        var list = new JsonArray();
        var n = 0;
        foreach (var source in cells)
        {
            var lines = source.Split('\n');
            var sourceArray = new JsonArray(lines.Select((l, i) => (JsonNode?)JsonValue.Create(i < lines.Length - 1 ? l + "\n" : l)).ToArray());
            list.Add(new JsonObject
            {
                ["cell_type"] = "code", ["execution_count"] = null, ["id"] = $"cell-{++n}", ["metadata"] = new JsonObject(),
                ["outputs"] = new JsonArray(), ["source"] = sourceArray,
            });
        }
        var notebook = new JsonObject { ["cells"] = list, ["metadata"] = metadata, ["nbformat"] = 4, ["nbformat_minor"] = 5 };
        CreditPoC.IO.AtomicFile.WriteAllText(path, notebook.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }
}
