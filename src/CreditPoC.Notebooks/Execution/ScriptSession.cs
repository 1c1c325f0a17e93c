using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace CreditPoC.Notebooks.Execution;

/// <summary>How one submission ended.</summary>
internal sealed record SubmissionOutcome(bool HasValue, object? Value, IReadOnlyList<Diagnostic> Errors, Exception? Exception)
{
    /// <summary>The state after a successful run, committed with <see cref="ScriptSession.Accept"/>.</summary>
    internal ScriptState<object>? State { get; init; }
    internal string Code { get; init; } = "";
    internal ScriptOptions? Options { get; init; }
}

/// <summary>
/// One notebook's C# state: each cell is a Roslyn script submission chained onto the previous one
/// (<c>ContinueWith</c> + <c>RunFromAsync</c>), so variables, functions and types carry over, the way the
/// .NET Interactive C# kernel runs cells. A run changes nothing until its outcome is accepted, so a cell abandoned
/// by an interrupt that finishes later does not slip its state in between.
/// </summary>
internal sealed class ScriptSession(NotebookGlobals globals)
{
    /// <summary>The namespaces the .NET Interactive C# kernel imports by default.</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
        ["System", "System.Collections", "System.Collections.Generic", "System.Linq", "System.Text", "System.Threading.Tasks"];

    private static readonly Lazy<ScriptOptions> BaseOptions = new(() => ScriptOptions.Default
        .WithReferences(ReferenceCatalog.CommonFrameworkReferences)
        .WithImports(DefaultImports)
        .WithMetadataResolver(ReferenceCatalog.Resolver.Instance)
        .WithEmitDebugInformation(true)
        .WithLanguageVersion(LanguageVersion.Latest));

    private ScriptOptions _options = BaseOptions.Value;
    private ScriptState<object>? _state;
    private readonly List<string> _submitted = [];

    /// <summary>The code of every accepted submission and the options they compiled with.</summary>
    public SubmissionHistory History
    {
        get
        {
            lock (_submitted) return new SubmissionHistory([.. _submitted], _options.AddReferences(ReferenceCatalog.FrameworkReferences), typeof(NotebookGlobals));
        }
    }

    /// <summary>Makes a successful run's state the one the next cell continues from.</summary>
    public void Accept(SubmissionOutcome outcome)
    {
        if (outcome.State is null) return;
        lock (_submitted)
        {
            _state = outcome.State;
            _options = outcome.Options ?? _options;
            _submitted.Add(outcome.Code);
        }
    }

    /// <summary>Compiles and runs one cell. Compile errors and exceptions come back in the outcome, never thrown.</summary>
    /// <param name="label">The name stack traces and diagnostics use for the cell, e.g. <c>In[3]</c>.</param>
    public async Task<SubmissionOutcome> RunAsync(string code, string label, IReadOnlyList<Assembly> assemblies, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var withReferences = _options;
        if (assemblies.Count > 0) withReferences = withReferences.AddReferences(assemblies);
        if (files.Count > 0) withReferences = withReferences.AddReferences(files.Select(f => (MetadataReference)ReferenceCatalog.FromFile(f)));
        var options = withReferences.WithFilePath(label);

        var instrumented = RecursionGuard.Instrument(code);
        var script = Chain(instrumented, options);
        var errors = Errors(script, cancellationToken);
        if (errors.Count > 0)
        {
            // The cell may need a framework assembly outside the common set: compile against the whole framework, and
            // when that works, keep only the assemblies the cell used, so later cells stay fast.
            var whole = Chain(instrumented, options.AddReferences(ReferenceCatalog.FrameworkReferences));
            var wholeErrors = Errors(whole, cancellationToken);
            if (wholeErrors.Count > 0) return new SubmissionOutcome(false, null, wholeErrors, null);
            var used = FrameworkAssembliesUsed(whole, cancellationToken);
            withReferences = withReferences.AddReferences(used);
            options = withReferences.WithFilePath(label);
            script = Chain(instrumented, options);
            if (Errors(script, cancellationToken).Count > 0)
            {
                // Roslyn's list of used assemblies fell short (a forwarded type, say): run against the whole framework.
                withReferences = withReferences.AddReferences(ReferenceCatalog.FrameworkReferences);
                script = whole;
            }
        }

        var state = _state is null
            ? await script.RunAsync(globals, _ => true, cancellationToken).ConfigureAwait(false)
            : await script.RunFromAsync(_state, _ => true, cancellationToken).ConfigureAwait(false);
        if (state.Exception is not null) return new SubmissionOutcome(false, null, [], state.Exception);
        return new SubmissionOutcome(HasTrailingValue(script), state.ReturnValue, [], null) { State = state, Code = code, Options = withReferences };
    }

    private Script<object> Chain(string code, ScriptOptions options)
    {
        // A stream gives the source an encoding, which Roslyn needs to emit debug information (line numbers).
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(code));
        return _state is null
            ? CSharpScript.Create<object>(stream, options, typeof(NotebookGlobals))
            : _state.Script.ContinueWith<object>(stream, options);
    }

    private static List<Diagnostic> Errors(Script script, CancellationToken cancellationToken) =>
        script.Compile(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>The framework assemblies outside the common set that a script compiled against the whole framework
    /// uses; all of them when Roslyn names none (the cell then compiles as it always could).</summary>
    private static IEnumerable<MetadataReference> FrameworkAssembliesUsed(Script script, CancellationToken cancellationToken)
    {
        var framework = ReferenceCatalog.FrameworkReferences.ToHashSet();
        var common = ReferenceCatalog.CommonFrameworkReferences.ToHashSet();
        var used = script.GetCompilation().GetUsedAssemblyReferences(cancellationToken)
            .Where(r => framework.Contains(r) && !common.Contains(r)).ToList();
        return used.Count > 0 ? used : ReferenceCatalog.FrameworkReferences;
    }

    /// <summary>True when the cell ends in an expression without a semicolon whose type is not void.</summary>
    private static bool HasTrailingValue(Script script)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        if (tree.GetRoot() is not CompilationUnitSyntax root ||
            root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement } ||
            !statement.SemicolonToken.IsMissing)
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    private static readonly Lazy<Task> WarmUp = new(() => Task.Run(() =>
    {
        try
        {
            // Compile, emit and run: the first real cell then finds all three paths jitted.
            using var stream = new MemoryStream("1"u8.ToArray());
            CSharpScript.Create<object>(stream, BaseOptions.Value.WithFilePath("warm-up"), typeof(NotebookGlobals))
                .RunAsync(new NotebookGlobals()).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Warming is only an optimisation; a real problem shows up when the first cell compiles.
        }
    }));

    /// <summary>Compiles a trivial submission once per process, so that Roslyn's start-up overlaps other work.</summary>
    public static Task WarmUpAsync() => WarmUp.Value;
}
