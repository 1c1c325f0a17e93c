namespace CreditPoC;

/// <summary>
/// An error caused by the user's input or environment (a missing file, a bad value, a ragged row).
/// Its message names the file, row, column or parameter and what was expected; callers print the message
/// alone, with no stack trace, and exit non-zero.
/// </summary>
public class UserFacingException : Exception
{
    public UserFacingException(string message) : base(message) { }

    public UserFacingException(string message, Exception inner) : base(message, inner) { }
}
