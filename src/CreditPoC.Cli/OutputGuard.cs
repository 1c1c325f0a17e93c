using System.Text.Json.Nodes;

namespace CreditPoC.Cli;

/// <summary>
/// Keeps <c>run</c> and <c>render</c> from replacing a file that is not theirs: an output path must have the
/// output's extension, and an existing file there must be an earlier output of creditpoc unless <c>--force</c>.
/// </summary>
internal static class OutputGuard
{
    public static void Check(string path, string extension, bool force, string option)
    {
        if (!path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            throw CliError.Usage($"{option} {path} must end in {extension}");
        if (File.Exists(path) && !force && !IsEarlierOutput(path, extension))
            throw CliError.Usage($"{path} exists and is not an earlier output of creditpoc; pass --force to replace it");
    }

    /// <summary>An executed notebook carries Papermill's record; a page carries the renderer's generator tag.</summary>
    private static bool IsEarlierOutput(string path, string extension)
    {
        try
        {
            if (extension == ".html")
            {
                using var reader = new StreamReader(path);
                var head = new char[4096];
                var read = reader.ReadBlock(head, 0, head.Length);
                return new string(head, 0, read).Contains("<meta name=\"generator\" content=\"CreditPoC notebook renderer\">", StringComparison.Ordinal);
            }
            return new FileInfo(path).Length < 512L << 20
                && JsonNode.Parse(File.ReadAllText(path))?["metadata"]?["papermill"] is JsonObject;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
