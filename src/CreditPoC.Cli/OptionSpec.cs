namespace CreditPoC.Cli;

/// <summary>The options of one verb: each name (with aliases) and how many values it takes.</summary>
public sealed class OptionSpec
{
    private readonly Dictionary<string, (string Canonical, int Arity, bool Repeatable)> _byAlias = new(StringComparer.Ordinal);
    private readonly List<string> _display = [];

    /// <summary>An option taking one value, e.g. <c>Value("rows")</c> or <c>Value("out", "o")</c>.</summary>
    public OptionSpec Value(string name, params string[] aliases) => Add(name, aliases, 1, false);

    /// <summary>A switch that takes no value, e.g. <c>--force</c>.</summary>
    public OptionSpec Flag(string name, params string[] aliases) => Add(name, aliases, 0, false);

    /// <summary>A repeatable option taking <paramref name="arity"/> values each time, e.g. <c>-p NAME VALUE</c>.</summary>
    public OptionSpec Repeated(string name, int arity, params string[] aliases) => Add(name, aliases, arity, true);

    internal bool TryGet(string token, out (string Canonical, int Arity, bool Repeatable) option) =>
        _byAlias.TryGetValue(token, out option);

    internal IReadOnlyList<string> Display => _display;

    private OptionSpec Add(string name, string[] aliases, int arity, bool repeatable)
    {
        _byAlias["--" + name] = (name, arity, repeatable);
        foreach (var alias in aliases)
            _byAlias[(alias.Length == 1 ? "-" : "--") + alias] = (name, arity, repeatable);
        _display.Add("--" + name);
        return this;
    }
}
