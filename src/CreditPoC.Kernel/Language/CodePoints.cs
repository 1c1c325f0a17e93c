namespace CreditPoC.Kernel.Language;

/// <summary>
/// Jupyter counts cursor positions in Unicode code points; .NET strings and Roslyn count UTF-16 units. An emoji
/// is one code point and two units, so every position crossing the protocol is converted.
/// </summary>
internal static class CodePoints
{
    /// <summary>The UTF-16 index of code point <paramref name="codePoints"/>, or -1 when it is past the end.</summary>
    public static int ToUtf16(string text, int codePoints)
    {
        var index = 0;
        for (var seen = 0; seen < codePoints; seen++)
        {
            if (index >= text.Length) return -1;
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        }
        return index;
    }

    public static int FromUtf16(string text, int utf16)
    {
        var count = 0;
        for (var i = 0; i < utf16 && i < text.Length; i++)
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]))) count++;
        return count;
    }

    public static int Length(string text) => FromUtf16(text, text.Length);
}
