using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;
using CreditPoC.Notebooks.Execution;

namespace CreditPoC.Kernel.Language;

/// <summary>
/// A Roslyn workspace that sees what the kernel has run: one script document holding every accepted submission
/// followed by the code being edited (using directives hoisted to the top, where C# wants them; a submission's
/// usings apply to every later one anyway), compiled with the session's references and imports and its globals as host
/// object, so that names from earlier cells, <c>display</c> and the library's types resolve. References carry the
/// XML documentation found beside them (the library's, and the framework's from the SDK's reference pack).
/// </summary>
internal sealed class SubmissionWorkspace
{
    private static readonly CSharpParseOptions Script = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);
    private static readonly ConcurrentDictionary<string, MetadataReference> Documented = new(StringComparer.Ordinal);
    // Created on first use: composing Roslyn's editor services takes a while, and a kernel should answer kernel_info first.
    private readonly Lazy<AdhocWorkspace> _lazyWorkspace = new(() => new AdhocWorkspace(MefHostServices.DefaultHost));
    private DocumentId? _document;
    private int _historyCount = -1;
    private int _referenceCount = -1;
    private string _usings = "";
    private string _body = "";

    /// <summary>The document with <paramref name="code"/> after the history, and where <paramref name="code"/> starts in it.</summary>
    public (Document Document, int Offset) With(SubmissionHistory history, string code, int cursor)
    {
        var references = history.Options.MetadataReferences.Length;
        if (_document is null || history.Code.Count != _historyCount || references != _referenceCount)
            Rebuild(history);
        var (usings, body, end) = SplitUsings(CellSource.WithoutMagics(code));
        if (cursor <= end) (usings, body) = ("", CellSource.WithoutMagics(code)); // completing a using directive: leave it where it is
        var head = usings.Length > 0 ? _usings + usings + "\n" : _usings;
        var text = SourceText.From(head + _body + body);
        return (_lazyWorkspace.Value.CurrentSolution.WithDocumentText(_document!, text).GetDocument(_document!)!, head.Length + _body.Length);
    }

    private void Rebuild(SubmissionHistory history)
    {
        _historyCount = history.Code.Count;
        _referenceCount = history.Options.MetadataReferences.Length;
        var cells = history.Code.Select(c => SplitUsings(Terminated(c))).Select(c => (c.Usings, c.Body)).ToList();
        _usings = string.Concat(cells.Where(c => c.Usings.Length > 0).Select(c => c.Usings + "\n"));
        _body = string.Concat(cells.Select(c => c.Body + "\n"));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            usings: history.Options.Imports, metadataReferenceResolver: history.Options.MetadataResolver,
            allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable);
        // The same assembly may come in twice (a #r path and a carried package); a project takes each once.
        var references = history.Options.MetadataReferences
            .Append(MetadataReference.CreateFromFile(history.GlobalsType.Assembly.Location))
            .DistinctBy(r => r is PortableExecutableReference { FilePath: { } path } ? path : r.Display ?? r.GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(WithDocumentation)
            .ToList();
        var project = ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Create(), "cells", "cells", LanguageNames.CSharp,
            compilationOptions: options, parseOptions: Script, metadataReferences: references, isSubmission: true,
            hostObjectType: history.GlobalsType);
        var workspace = _lazyWorkspace.Value;
        workspace.ClearSolution();
        workspace.AddProject(project);
        var document = workspace.AddDocument(DocumentInfo.Create(DocumentId.CreateNewId(project.Id), "cell.csx",
            sourceCodeKind: SourceCodeKind.Script, loader: TextLoader.From(TextAndVersion.Create(SourceText.From(_usings + _body), VersionStamp.Create()))));
        _document = document.Id;
    }

    /// <summary>
    /// The cell's leading using directives, and the cell with them blanked (same length, so positions in it hold).
    /// and where the directives end (-1 when there are none).
    /// </summary>
    private static (string Usings, string Body, int End) SplitUsings(string code)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, Script).GetRoot();
        if (root.Usings.Count == 0) return ("", code, -1);
        var span = TextSpan.FromBounds(root.Usings[0].SpanStart, root.Usings[^1].Span.End);
        var usings = code[span.Start..span.End];
        var blanked = code[..span.Start] + new string(usings.Select(c => c == '\n' ? '\n' : ' ').ToArray()) + code[span.End..];
        return (usings, blanked, span.End);
    }

    /// <summary>An earlier cell that ended in a bare expression (its displayed value) gets a semicolon, so later code parses after it.</summary>
    private static string Terminated(string code)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, Script).GetRoot();
        return root.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } }
            ? code.TrimEnd() + ";"
            : code;
    }

    private static MetadataReference WithDocumentation(MetadataReference reference)
    {
        if (reference is not PortableExecutableReference { FilePath: { Length: > 0 } path }) return reference;
        return Documented.GetOrAdd(path, p =>
        {
            var xml = DocumentationFile(p);
            return xml is null ? reference : MetadataReference.CreateFromFile(p, documentation: XmlDocumentationProvider.CreateFromFile(xml));
        });
    }

    /// <summary>The XML documentation beside an assembly, or the framework's in the SDK's reference pack.</summary>
    private static string? DocumentationFile(string assembly)
    {
        var beside = Path.ChangeExtension(assembly, ".xml");
        if (File.Exists(beside)) return beside;
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!; // <dotnet>/shared/Microsoft.NETCore.App/<version>
        if (!string.Equals(Path.GetDirectoryName(assembly), runtime, StringComparison.Ordinal)) return null;
        var packs = Path.Combine(runtime, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs)) return null;
        var version = Path.GetFileName(runtime);
        var pack = Directory.Exists(Path.Combine(packs, version)) ? Path.Combine(packs, version) : Directory.GetDirectories(packs).OrderDescending().FirstOrDefault();
        if (pack is null) return null;
        var xml = Directory.GetDirectories(Path.Combine(pack, "ref")).Select(d => Path.Combine(d, Path.GetFileNameWithoutExtension(assembly) + ".xml")).FirstOrDefault(File.Exists);
        return xml;
    }
}
