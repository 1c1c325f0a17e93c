using System.Reflection;
using System.Text.Json.Nodes;

namespace CreditPoC.Kernel;

/// <summary>What the kernel says about itself in <c>kernel_info_reply</c>.</summary>
internal static class KernelIdentity
{
    public const string Implementation = "creditpoc";

    public static string Version { get; } =
        typeof(KernelIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    public static string Banner => $"CreditPoC C# kernel {Version} (.NET {Environment.Version}, Roslyn scripting): the same execution core as `creditpoc run`";

    public static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = Protocol.JupyterMessage.ProtocolVersion,
        ["implementation"] = Implementation,
        ["implementation_version"] = Version,
        ["language_info"] = new JsonObject
        {
            ["name"] = "C#",
            ["version"] = "14.0",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = Banner,
        ["debugger"] = false,
        ["help_links"] = new JsonArray(
            new JsonObject { ["text"] = "C# language reference", ["url"] = "https://learn.microsoft.com/dotnet/csharp/" },
            new JsonObject { ["text"] = "ML.NET", ["url"] = "https://learn.microsoft.com/dotnet/machine-learning/" },
            new JsonObject { ["text"] = "Plotly.NET", ["url"] = "https://plotly.net/" }),
    };
}
