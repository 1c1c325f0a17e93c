using CreditPoC.Cli;

namespace CreditPoC.TestSupport;

/// <summary>Runs the CLI in-process and captures what it printed.</summary>
internal static class CliRunner
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
