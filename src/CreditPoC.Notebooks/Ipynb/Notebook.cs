using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditPoC.IO;

namespace CreditPoC.Notebooks.Ipynb;

/// <summary>
/// An nbformat 4 notebook: a thin typed view over its JSON (System.Text.Json.Nodes), so that cell ids, tags,
/// metadata, attachments and fields this code does not know all survive a read/write round trip.
/// </summary>
public sealed class Notebook
{
    public Notebook(JsonObject json)
    {
        Json = json;
        if (Json["cells"] is not JsonArray) Json["cells"] = new JsonArray();
    }

    public JsonObject Json { get; }

    /// <summary>The notebook-level metadata, created when missing.</summary>
    public JsonObject Metadata => NotebookCell.GetOrAddObject(Json, "metadata");

    public int NbformatMinor
    {
        get => Json["nbformat_minor"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<int>() : 0;
        set => Json["nbformat_minor"] = value;
    }

    private JsonArray CellArray => (JsonArray)Json["cells"]!;

    /// <summary>Views over the cells, in order (a fresh list; edit through the views or the methods below).</summary>
    public IReadOnlyList<NotebookCell> Cells => CellArray.OfType<JsonObject>().Select(c => new NotebookCell(c)).ToList();

    public void InsertCell(int index, NotebookCell cell) => CellArray.Insert(index, cell.Json);

    public void AddCell(NotebookCell cell) => CellArray.Add(cell.Json);

    public void RemoveCellAt(int index) => CellArray.RemoveAt(index);

    public int IndexOf(NotebookCell cell) => CellArray.IndexOf(cell.Json);

    /// <summary>The index of the first cell carrying <paramref name="tag"/>, or -1 (Papermill's rule).</summary>
    public int FindFirstTagged(string tag)
    {
        var cells = Cells;
        for (var i = 0; i < cells.Count; i++)
            if (cells[i].HasTag(tag)) return i;
        return -1;
    }

    /// <summary>
    /// Upgrades to nbformat 4.5 like <c>nbformat.v4.upgrade</c>: cell ids become required, so cells without one
    /// get a stable id. Papermill does this before it writes into a notebook.
    /// </summary>
    public void UpgradeToCellIds()
    {
        if (NbformatMinor >= 5) return;
        NbformatMinor = 5;
        var used = new HashSet<string>(Cells.Select(c => c.Id).OfType<string>(), StringComparer.Ordinal);
        var n = 0;
        foreach (var cell in Cells.Where(c => c.Id is null))
        {
            string id;
            do id = $"cell-{++n}"; while (!used.Add(id));
            cell.Id = id;
        }
    }

    /// <summary>An id not yet used by any cell, from <paramref name="stem"/> (ids only exist from nbformat 4.5).</summary>
    public string? NewCellId(string stem)
    {
        if (NbformatMinor < 5) return null;
        var used = new HashSet<string>(Cells.Select(c => c.Id).OfType<string>(), StringComparer.Ordinal);
        if (used.Add(stem)) return stem;
        for (var i = 2; ; i++)
            if (used.Add($"{stem}-{i}")) return $"{stem}-{i}";
    }

    public static Notebook Parse(string json, string sourceName = "notebook")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new UserFacingException($"{sourceName} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        if (root is not JsonObject obj)
            throw new UserFacingException($"{sourceName} is not a notebook: expected a JSON object with \"cells\" and \"nbformat\": 4");
        if (obj["nbformat"] is not JsonValue format || format.GetValueKind() != JsonValueKind.Number || format.GetValue<int>() != 4)
            throw new UserFacingException($"{sourceName} is not an nbformat 4 notebook (\"nbformat\": {obj["nbformat"]?.ToJsonString() ?? "missing"}); open and save it in Jupyter or VS Code to upgrade it");
        if (obj["cells"] is not JsonArray)
            throw new UserFacingException($"{sourceName} has no \"cells\" list");
        return new Notebook(obj);
    }

    public static Notebook Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read notebook {path}: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>The file text, written the way Jupyter writes it.</summary>
    public string ToJson() => NotebookJsonWriter.Write(Json);

    /// <summary>Saves atomically: readers see the old file or the complete new one.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());
}
