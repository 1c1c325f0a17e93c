using YamlDotNet.RepresentationModel;

namespace CreditPoC.Notebooks.Pipelines;

/// <summary>One notebook of a pipeline: what it runs, with which parameters, after which tasks.</summary>
/// <param name="Name">Unique within the pipeline; names the executed notebook and its HTML in the run folder.</param>
/// <param name="Notebook">The notebook's full path.</param>
/// <param name="Parameters">Parameter values as text; may hold placeholders such as <c>{date}</c> (see <see cref="RunPlaceholders"/>).</param>
/// <param name="DependsOn">Names of tasks that must succeed before this one starts.</param>
public sealed record PipelineTask(string Name, string Notebook, IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<string> DependsOn);

/// <summary>
/// A DAG of notebooks read from YAML (see <c>parameters/pipeline.yaml</c>):
/// <code>
/// root: ..                      # optional: the folder notebook paths are relative to, itself relative to
///                               # this file; default: the folder of this file
/// max_parallel: 2               # optional: how many independent tasks run side by side
/// defaults:                     # optional: what every task gets unless it says otherwise
///   parameters: { TARGET_DATE: "{date}" }
/// tasks:
///   - name: accumulate
///     notebook: notebooks/trial/accumulate.ipynb
///     parameters: { TARGET_DATE: "{date}" }
///   - name: feature_engineering_train
///     notebook: notebooks/trial/feature_engineering.ipynb
///     parameters: { TARGET_DATE: "{date}", DATA_TYPE: train }
///     depends_on: [accumulate]
/// </code>
/// Paths never depend on the current directory. Loading validates the whole file and reports every problem
/// at once: unknown keys, duplicate names, unknown dependencies, cycles, missing notebooks.
/// </summary>
public sealed class PipelineDefinition
{
    private static readonly HashSet<string> TopKeys = ["root", "max_parallel", "defaults", "tasks"];
    private static readonly HashSet<string> DefaultKeys = ["parameters"];
    private static readonly HashSet<string> TaskKeys = ["name", "notebook", "parameters", "depends_on"];

    private PipelineDefinition(string filePath, string root, int? maxParallel, IReadOnlyList<PipelineTask> tasks)
    {
        FilePath = filePath;
        Root = root;
        MaxParallel = maxParallel;
        Tasks = tasks;
    }

    /// <summary>The YAML file's full path.</summary>
    public string FilePath { get; }

    /// <summary>The folder notebook paths are relative to.</summary>
    public string Root { get; }

    /// <summary>The file's <c>max_parallel</c>, when it sets one.</summary>
    public int? MaxParallel { get; }

    /// <summary>The tasks in file order, which is also the order ready tasks start in.</summary>
    public IReadOnlyList<PipelineTask> Tasks { get; }

    /// <summary>The task named <paramref name="name"/>, or an error listing the names there are.</summary>
    public PipelineTask this[string name] => Tasks.FirstOrDefault(t => t.Name == name)
        ?? throw new UserFacingException($"{FilePath} has no task '{name}'; its tasks are: {string.Join(", ", Tasks.Select(t => t.Name))}");

    /// <summary>Reads and validates a pipeline file.</summary>
    public static PipelineDefinition Load(string path)
    {
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read the pipeline file {path}: {e.Message}", e);
        }
        return Parse(text, full);
    }

    /// <summary>Parses and validates pipeline YAML; <paramref name="filePath"/> anchors relative paths and names the file in errors.</summary>
    public static PipelineDefinition Parse(string yaml, string filePath)
    {
        var problems = new List<string>();
        var root = YamlDocuments.Parse(yaml, filePath) as YamlMappingNode
            ?? throw new UserFacingException($"{filePath}: expected a mapping with a 'tasks' list");
        foreach (var key in root.Children.Keys.OfType<YamlScalarNode>().Where(k => !TopKeys.Contains(k.Value!)))
            problems.Add($"line {key.Start.Line}: unknown key '{key.Value}'; expected {string.Join(", ", TopKeys)}");

        var baseDir = Path.GetDirectoryName(filePath)!;
        var rootDir = Scalar(root, "root") is { } r ? Path.GetFullPath(Path.Combine(baseDir, r)) : baseDir;
        int? maxParallel = null;
        if (Scalar(root, "max_parallel") is { } mp)
        {
            if (int.TryParse(mp, out var n) && n >= 1) maxParallel = n;
            else problems.Add($"max_parallel must be a whole number of at least 1, got '{mp}'");
        }

        var defaults = ReadDefaults(root, filePath, problems);
        var tasks = new List<PipelineTask>();
        if (!root.Children.TryGetValue(new YamlScalarNode("tasks"), out var tasksNode) || tasksNode is not YamlSequenceNode { Children.Count: > 0 } list)
            throw new UserFacingException($"{filePath}: expected a non-empty 'tasks' list");
        foreach (var node in list.Children)
        {
            if (node is not YamlMappingNode taskNode)
            {
                problems.Add($"line {node.Start.Line}: each task must be a mapping with name, notebook, parameters, depends_on");
                continue;
            }
            if (ReadTask(taskNode, rootDir, filePath, problems) is { } task)
                tasks.Add(task with { Parameters = WithDefaults(defaults, task.Parameters) });
        }

        CheckNamesAndDependencies(tasks, problems);
        if (problems.Count == 0 && FindCycle(tasks) is { } cycle)
            problems.Add($"the tasks depend on each other in a cycle: {string.Join(" -> ", cycle)} (read -> as 'depends on')");
        if (problems.Count > 0)
            throw new UserFacingException($"{filePath} is not a valid pipeline:\n  - {string.Join("\n  - ", problems)}");
        return new PipelineDefinition(filePath, rootDir, maxParallel, tasks);
    }

    /// <summary>The <c>defaults:</c> block's parameters, which every task gets unless it sets its own value.</summary>
    private static Dictionary<string, string> ReadDefaults(YamlMappingNode root, string filePath, List<string> problems)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("defaults"), out var node) || node is YamlScalarNode { Value: null or "" }) return [];
        if (node is not YamlMappingNode defaults)
        {
            problems.Add($"line {node.Start.Line}: defaults must be a mapping with parameters");
            return [];
        }
        foreach (var key in defaults.Children.Keys.OfType<YamlScalarNode>().Where(k => !DefaultKeys.Contains(k.Value!)))
            problems.Add($"line {key.Start.Line}: unknown key '{key.Value}' in defaults; expected {string.Join(", ", DefaultKeys)}");
        if (!defaults.Children.TryGetValue(new YamlScalarNode("parameters"), out var parameters) || parameters is YamlScalarNode { Value: null or "" }) return [];
        try
        {
            return parameters is YamlMappingNode mapping
                ? YamlParameters.FromMapping(mapping, $"{filePath}, defaults")
                : throw new UserFacingException($"line {parameters.Start.Line}: defaults: parameters must be a mapping of NAME: value");
        }
        catch (UserFacingException e)
        {
            problems.Add(e.Message);
            return [];
        }
    }

    private static Dictionary<string, string> WithDefaults(IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, string> own)
    {
        var merged = new Dictionary<string, string>(defaults);
        foreach (var (name, value) in own) merged[name] = value;
        return merged;
    }

    private static PipelineTask? ReadTask(YamlMappingNode node, string rootDir, string filePath, List<string> problems)
    {
        var name = Scalar(node, "name");
        var where = name is null ? $"line {node.Start.Line}: task" : $"task '{name}' (line {node.Start.Line})";
        foreach (var key in node.Children.Keys.OfType<YamlScalarNode>().Where(k => !TaskKeys.Contains(k.Value!)))
            problems.Add($"{where}: unknown key '{key.Value}'; expected {string.Join(", ", TaskKeys)}");
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add($"{where} has no name");
            return null;
        }
        var notebook = Scalar(node, "notebook");
        string? fullNotebook = null;
        if (string.IsNullOrWhiteSpace(notebook))
            problems.Add($"{where} has no notebook");
        else if (!File.Exists(fullNotebook = Path.GetFullPath(Path.Combine(rootDir, notebook))))
            problems.Add($"{where}: notebook {notebook} not found (looked at {fullNotebook})");

        var parameters = new Dictionary<string, string>();
        if (node.Children.TryGetValue(new YamlScalarNode("parameters"), out var p))
        {
            try
            {
                parameters = p switch
                {
                    YamlMappingNode mapping => YamlParameters.FromMapping(mapping, $"{filePath}, {where}"),
                    YamlScalarNode { Value: null or "" } => parameters,
                    _ => throw new UserFacingException($"{where}: parameters must be a mapping of NAME: value"),
                };
            }
            catch (UserFacingException e)
            {
                problems.Add(e.Message);
            }
        }

        var dependsOn = new List<string>();
        if (node.Children.TryGetValue(new YamlScalarNode("depends_on"), out var d))
        {
            switch (d)
            {
                case YamlSequenceNode seq: dependsOn.AddRange(seq.Children.OfType<YamlScalarNode>().Select(s => s.Value!)); break;
                case YamlScalarNode { Value: { Length: > 0 } one }: dependsOn.Add(one); break;
                case YamlScalarNode: break;
                default: problems.Add($"{where}: depends_on must be a list of task names"); break;
            }
        }
        return new PipelineTask(name, fullNotebook ?? "", parameters, dependsOn);
    }

    private static void CheckNamesAndDependencies(List<PipelineTask> tasks, List<string> problems)
    {
        foreach (var duplicate in tasks.GroupBy(t => t.Name).Where(g => g.Count() > 1))
            problems.Add($"task name '{duplicate.Key}' is used {duplicate.Count()} times; names must be unique");
        var names = tasks.Select(t => t.Name).ToHashSet();
        foreach (var task in tasks)
        {
            foreach (var dependency in task.DependsOn.Where(d => !names.Contains(d)))
                problems.Add($"task '{task.Name}' depends on '{dependency}', which is not a task; the tasks are: {string.Join(", ", names)}");
            if (task.DependsOn.Contains(task.Name))
                problems.Add($"task '{task.Name}' depends on itself");
        }
    }

    /// <summary>A cycle as a path of names that returns to its start, or null; depth-first search.</summary>
    private static List<string>? FindCycle(List<PipelineTask> tasks)
    {
        var byName = tasks.ToDictionary(t => t.Name);
        var state = new Dictionary<string, int>(); // 1 = on the current path, 2 = done
        var path = new List<string>();
        List<string>? Visit(string name)
        {
            if (state.GetValueOrDefault(name) == 2) return null;
            if (state.GetValueOrDefault(name) == 1) return [.. path.Skip(path.IndexOf(name)), name];
            state[name] = 1;
            path.Add(name);
            foreach (var dependency in byName[name].DependsOn)
                if (Visit(dependency) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[name] = 2;
            return null;
        }
        return tasks.Select(t => Visit(t.Name)).FirstOrDefault(c => c is not null);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;

    /// <summary>The tasks that depend on <paramref name="name"/>, directly or through others, plus the task itself.</summary>
    public IReadOnlySet<string> WithDescendants(string name)
    {
        _ = this[name];
        var result = new HashSet<string> { name };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var task in Tasks.Where(t => !result.Contains(t.Name) && t.DependsOn.Any(result.Contains)))
                grew |= result.Add(task.Name);
        }
        return result;
    }
}
