using System.Globalization;

namespace Inbox.Core.Model;

/// <summary>One CSV cell for every export (audit log, audit report).</summary>
public static class Csv
{
    /// <summary>
    /// RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would run as a formula
    /// (=, +, -, @, tab, CR). Numbers are left as they are so figures read back exactly.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
