using Inbox.Core.Model;

namespace Inbox.Tests.Foundation;

public sealed class CsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-Camille", "'-Camille")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("+33612345678", "+33612345678")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("", "")]
    public void CellsAreQuotedAndFormulasNeutralisedButNumbersKept(string value, string expected) =>
        Assert.Equal(expected, Csv.Cell(value));
}
