using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// Endless recursion in a cell would overflow the stack, which no .NET process survives (the kernel would die with
/// it). Every method and local function a cell declares therefore starts with a stack check
/// (<see cref="System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack"/>), so that deep
/// recursion ends the cell with an <see cref="InsufficientExecutionStackException"/> instead. The check is written
/// on the line the body already starts on: line numbers in errors and stack traces stay the cell's.
/// Cells that declare no method are left exactly as they are.
/// </summary>
internal sealed class RecursionGuard : CSharpSyntaxRewriter
{
    private static readonly CSharpParseOptions Script = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);
    private const string Check = "global::System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();";
    private const string TryCheck = "global::System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack()";

    public static string Instrument(string code)
    {
        if (!code.Contains('(', StringComparison.Ordinal)) return code;
        var root = CSharpSyntaxTree.ParseText(code, Script).GetRoot();
        if (!root.DescendantNodes().Any(n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax)) return code;
        return new RecursionGuard().Visit(root).ToFullString();
    }

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        if (visited.Body is { } body) return visited.WithBody(Guarded(body));
        if (visited.ExpressionBody is not { } arrow || IsAsync(visited.Modifiers) || arrow.Expression is ThrowExpressionSyntax) return visited;
        return IsVoid(visited.ReturnType)
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(VoidBlock(arrow, visited.SemicolonToken))
            : visited.WithExpressionBody(arrow.WithExpression(Conditional(arrow.Expression)));
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        if (visited.Body is { } body) return visited.WithBody(Guarded(body));
        if (visited.ExpressionBody is not { } arrow || IsAsync(visited.Modifiers) || arrow.Expression is ThrowExpressionSyntax) return visited;
        return IsVoid(visited.ReturnType)
            ? visited.WithExpressionBody(null).WithSemicolonToken(default).WithBody(VoidBlock(arrow, visited.SemicolonToken))
            : visited.WithExpressionBody(arrow.WithExpression(Conditional(arrow.Expression)));
    }

    private static BlockSyntax Guarded(BlockSyntax body) =>
        body.WithStatements(body.Statements.Insert(0, SyntaxFactory.ParseStatement(Check)));

    /// <summary><c>=> expr;</c> as <c>{ check; expr; }</c>, each token keeping the trivia (line ends) of the one it replaces.</summary>
    private static BlockSyntax VoidBlock(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon) =>
        SyntaxFactory.Block(
            SyntaxFactory.Token(arrow.ArrowToken.LeadingTrivia, SyntaxKind.OpenBraceToken, arrow.ArrowToken.TrailingTrivia),
            SyntaxFactory.List([SyntaxFactory.ParseStatement(Check), SyntaxFactory.ExpressionStatement(arrow.Expression)]),
            SyntaxFactory.Token(semicolon.LeadingTrivia, SyntaxKind.CloseBraceToken, semicolon.TrailingTrivia));

    /// <summary><c>expr</c> as <c>TryEnsure...() ? (expr) : throw ...</c>: the check runs first and the type stays the method's.</summary>
    private static ExpressionSyntax Conditional(ExpressionSyntax expression) =>
        SyntaxFactory.ParseExpression($"{TryCheck} ? ({expression.ToFullString()}) : throw new global::System.InsufficientExecutionStackException()");

    private static bool IsVoid(TypeSyntax type) => type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };

    private static bool IsAsync(SyntaxTokenList modifiers) => modifiers.Any(SyntaxKind.AsyncKeyword);
}
