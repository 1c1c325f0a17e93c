using System.Globalization;

namespace CreditPoC;

/// <summary>
/// Lists names (columns, values) in a message a person reads: all of them when few, else the first few and how many
/// more — "SK_ID_CURR, TARGET, NAME_CONTRACT_TYPE, CODE_GENDER, FLAG_OWN_CAR, … and 117 more". Every error that lists
/// many names goes through here, so none prints a wall of 122 column names.
/// </summary>
public static class NameList
{
    /// <summary>How many names a shortened list shows.</summary>
    public const int DefaultShown = 5;

    /// <param name="names">The names, in the order to show them.</param>
    /// <param name="shown">How many to show when the list is shortened; a list of one more than that is shown whole.</param>
    public static string Shorten(IEnumerable<string> names, int shown = DefaultShown)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentOutOfRangeException.ThrowIfLessThan(shown, 1);
        var all = names as IReadOnlyList<string> ?? names.ToList();
        return all.Count <= shown + 1
            ? string.Join(", ", all)
            : string.Join(", ", all.Take(shown)) + string.Create(CultureInfo.InvariantCulture, $", … and {all.Count - shown:N0} more");
    }
}
