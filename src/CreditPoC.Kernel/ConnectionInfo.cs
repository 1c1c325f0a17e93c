using System.Text.Json;
using System.Text.Json.Serialization;

namespace CreditPoC.Kernel;

/// <summary>A Jupyter connection file: where to bind the five sockets and the key that signs every message.</summary>
public sealed record ConnectionInfo
{
    [JsonPropertyName("ip")] public string Ip { get; init; } = "127.0.0.1";
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }
    [JsonPropertyName("iopub_port")] public int IopubPort { get; init; }
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";

    public string Endpoint(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"{Transport}://{Ip}:{port}";

    /// <summary>Reads and checks a connection file; every problem is a <see cref="UserFacingException"/> naming the file.</summary>
    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path))
            throw new UserFacingException($"connection file {path} does not exist; a Jupyter client writes it and passes it with -f");
        ConnectionInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new UserFacingException($"connection file {path} is not valid JSON ({e.Message}); expected an object with ip, transport, shell_port, iopub_port, stdin_port, control_port, hb_port, key, signature_scheme");
        }
        if (info is null) throw new UserFacingException($"connection file {path} is empty; expected a JSON object");
        var ports = new (string Name, int Port)[]
        {
            ("shell_port", info.ShellPort), ("iopub_port", info.IopubPort), ("stdin_port", info.StdinPort),
            ("control_port", info.ControlPort), ("hb_port", info.HeartbeatPort),
        };
        foreach (var (name, port) in ports)
            if (port is <= 0 or > 65535)
                throw new UserFacingException($"connection file {path}: {name} is {(port == 0 ? "missing" : port.ToString(System.Globalization.CultureInfo.InvariantCulture))}; expected a port between 1 and 65535");
        if (info.Transport is not ("tcp" or "ipc"))
            throw new UserFacingException($"connection file {path}: transport '{info.Transport}' is not supported; expected tcp or ipc");
        if (info.Key.Length > 0 && info.SignatureScheme != "hmac-sha256")
            throw new UserFacingException($"connection file {path}: signature_scheme '{info.SignatureScheme}' is not supported; expected hmac-sha256");
        return info;
    }
}
