namespace CreditPoC.Cli;

/// <summary>One verb of the <c>creditpoc</c> command, such as <c>data generate</c>.</summary>
public interface ICliCommand
{
    /// <summary>The words that select this verb, for example "data generate".</summary>
    string Name { get; }

    /// <summary>One line for the verb list.</summary>
    string Summary { get; }

    /// <summary>Usage text shown by <c>--help</c> and after a usage error.</summary>
    string Usage { get; }

    /// <summary>The options the verb accepts; the parser rejects any other.</summary>
    OptionSpec Options { get; }

    /// <summary>Runs the verb and returns the process exit code.</summary>
    int Execute(CommandArgs args, TextWriter output, TextWriter error);
}
