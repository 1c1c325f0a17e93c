using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace CreditPoC.Cli;

/// <summary>--version: this command's version (System.CommandLine's own action reads the entry assembly's: the test host's under tests).</summary>
internal sealed class PrintVersion : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(
            typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
        return 0;
    }
}
