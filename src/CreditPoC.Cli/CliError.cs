namespace CreditPoC.Cli;

/// <summary>A failure meant for people: the message alone is printed, never a stack trace.</summary>
public sealed class CliError(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliError Usage(string message) => new(message, 2);
}
