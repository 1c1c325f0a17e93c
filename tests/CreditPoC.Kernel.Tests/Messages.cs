using System.Text.Json.Nodes;

namespace CreditPoC.Kernel.Tests;

/// <summary>Reading the JSON the client scripts print.</summary>
internal static class Messages
{
    /// <summary>The iopub messages of one request, as (msg_type, content).</summary>
    public static List<(string Type, JsonObject Content)> Iopub(JsonNode? result) =>
        result!["iopub"]!.AsArray().Select(m => ((string)m!["msg_type"]!, m["content"]!.AsObject())).ToList();

    public static List<string> Types(JsonNode? result) => Iopub(result).Select(m => m.Type).ToList();

    public static JsonObject Reply(JsonNode? result) => result!["reply"]!.AsObject();

    public static List<string> Strings(JsonNode? array) => array!.AsArray().Select(s => (string)s!).ToList();
}
