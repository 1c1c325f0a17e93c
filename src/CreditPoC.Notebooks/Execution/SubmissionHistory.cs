using Microsoft.CodeAnalysis.Scripting;

namespace CreditPoC.Notebooks.Execution;

/// <summary>What a session has run so far, for completion and inspection: each accepted cell's code (directives
/// blanked) and the script options (references, imports) the next cell compiles with.</summary>
/// <param name="Code">The accepted submissions, oldest first.</param>
/// <param name="Options">References and imports.</param>
/// <param name="GlobalsType">The type whose members cells call unqualified (<c>display</c>).</param>
public sealed record SubmissionHistory(IReadOnlyList<string> Code, ScriptOptions Options, Type GlobalsType);
