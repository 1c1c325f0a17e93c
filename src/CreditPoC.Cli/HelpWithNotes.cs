using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace CreditPoC.Cli;

/// <summary>--help: System.CommandLine's help, made from the descriptions of the arguments and options, then the verb's notes.</summary>
internal sealed class HelpWithNotes(HelpAction help) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        help.Invoke(parseResult);
        if (parseResult.CommandResult.Command is CliVerb { Notes: { } notes })
        {
            parseResult.InvocationConfiguration.Output.WriteLine(notes.TrimEnd());
            parseResult.InvocationConfiguration.Output.WriteLine();
        }
        return 0;
    }
}
