using System.Globalization;
using System.Text.Json.Nodes;

namespace CreditPoC.Kernel.Protocol;

/// <summary>One Jupyter message: the routing identities, the four JSON parts and any binary buffers.</summary>
public sealed record JupyterMessage(IReadOnlyList<byte[]> Identities, JsonObject Header, JsonObject ParentHeader, JsonObject Metadata, JsonObject Content)
{
    public const string ProtocolVersion = "5.3";

    public IReadOnlyList<byte[]> Buffers { get; init; } = [];

    public string MessageType => (string?)Header["msg_type"] ?? "";

    public string MessageId => (string?)Header["msg_id"] ?? "";

    /// <summary>A new message of <paramref name="type"/> in reply to (or caused by) <paramref name="parent"/>.</summary>
    public static JupyterMessage Create(string type, JsonObject content, string session, JupyterMessage? parent, IReadOnlyList<byte[]>? identities = null, string username = "kernel") =>
        new(identities ?? parent?.Identities ?? [], NewHeader(type, session, username), parent is null ? [] : (JsonObject)parent.Header.DeepClone(), [], content);

    private static JsonObject NewHeader(string type, string session, string username) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString("N"),
        ["session"] = session,
        ["username"] = username,
        ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        ["msg_type"] = type,
        ["version"] = ProtocolVersion,
    };
}
