using System.Text.RegularExpressions;

namespace CreditPoC.Kernel.Language;

/// <summary>A cell as Roslyn should parse it for editor services: <c>#!</c> magic lines blanked (same length, so positions hold).</summary>
internal static partial class CellSource
{
    [GeneratedRegex(@"^[ \t]*#!.*$", RegexOptions.Multiline)]
    private static partial Regex Magic();

    public static string WithoutMagics(string code) => Magic().Replace(code, m => new string(' ', m.Length));
}
