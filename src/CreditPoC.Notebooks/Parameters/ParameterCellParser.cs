using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CreditPoC.Notebooks.Parameters;

/// <summary>
/// Reads the declarations of a parameters cell with Roslyn's C# script parser: <c>var X = "a";</c>,
/// <c>int N = 5;</c>, <c>DateOnly D = new(2021, 1, 31);</c>, <c>string[] A = ["a", "b"];</c> and so on.
/// Statements that are not declarations are ignored, like Papermill's inspection does.
/// </summary>
public static class ParameterCellParser
{
    public static IReadOnlyList<ParameterDeclaration> Parse(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(kind: SourceCodeKind.Script));
        var root = (CompilationUnitSyntax)tree.GetRoot();
        var result = new List<ParameterDeclaration>();
        foreach (var member in root.Members)
        {
            var declaration = member switch
            {
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local } => local.Declaration,
                FieldDeclarationSyntax field => field.Declaration,
                _ => null,
            };
            if (declaration is null) continue;
            var help = TrailingComment(member);
            foreach (var variable in declaration.Variables)
            {
                if (variable.Initializer is null) continue;
                var value = variable.Initializer.Value;
                var (typeName, kind) = Classify(declaration.Type, value);
                result.Add(new ParameterDeclaration(variable.Identifier.ValueText, typeName, kind, value.ToString(), help));
            }
        }
        return result;
    }

    private static string? TrailingComment(SyntaxNode member)
    {
        var comment = member.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia));
        return comment == default ? null : comment.ToString().TrimStart('/').Trim();
    }

    private static (string TypeName, ParameterKind Kind) Classify(TypeSyntax type, ExpressionSyntax value)
    {
        if (type is NullableTypeSyntax nullable) type = nullable.ElementType;
        if (!type.IsVar)
        {
            var written = type.ToString();
            return (written, KindOfTypeName(written));
        }
        return InferFromValue(value);
    }

    private static ParameterKind KindOfTypeName(string name) => StripSystem(name.Replace(" ", "")) switch
    {
        "string" or "String" => ParameterKind.String,
        "int" or "Int32" => ParameterKind.Int,
        "long" or "Int64" => ParameterKind.Long,
        "double" or "Double" => ParameterKind.Double,
        "decimal" or "Decimal" => ParameterKind.Decimal,
        "bool" or "Boolean" => ParameterKind.Bool,
        "DateOnly" => ParameterKind.DateOnly,
        "DateTime" => ParameterKind.DateTime,
        "string[]" or "String[]" => ParameterKind.StringArray,
        _ => ParameterKind.Unsupported,
    };

    private static string StripSystem(string name) => name.StartsWith("System.", StringComparison.Ordinal) ? name["System.".Length..] : name;

    private static (string, ParameterKind) InferFromValue(ExpressionSyntax value)
    {
        while (value is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } minus) value = minus.Operand;
        while (value is ParenthesizedExpressionSyntax parenthesized) value = parenthesized.Expression;
        switch (value)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                return ("string", ParameterKind.String);
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.TrueLiteralExpression) || literal.IsKind(SyntaxKind.FalseLiteralExpression):
                return ("bool", ParameterKind.Bool);
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression):
                return literal.Token.Value switch
                {
                    int => ("int", ParameterKind.Int),
                    long or uint => ("long", ParameterKind.Long),
                    double => ("double", ParameterKind.Double),
                    decimal => ("decimal", ParameterKind.Decimal),
                    _ => (literal.Token.Value?.GetType().Name ?? "unknown", ParameterKind.Unsupported),
                };
            case ObjectCreationExpressionSyntax creation:
                var created = creation.Type.ToString();
                return (StripSystem(created), KindOfTypeName(created));
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                var owner = StripSystem(access.Expression.ToString());
                return owner is "DateOnly" or "DateTime" ? (owner, KindOfTypeName(owner)) : ("unknown", ParameterKind.Unsupported);
            case ImplicitArrayCreationExpressionSyntax array when array.Initializer.Expressions.All(IsStringLiteral):
                return ("string[]", ParameterKind.StringArray);
            case ArrayCreationExpressionSyntax array:
                var arrayType = array.Type.ToString();
                return (arrayType, KindOfTypeName(arrayType));
            default:
                return ("unknown", ParameterKind.Unsupported);
        }
    }

    private static bool IsStringLiteral(ExpressionSyntax e) => e.IsKind(SyntaxKind.StringLiteralExpression);
}
