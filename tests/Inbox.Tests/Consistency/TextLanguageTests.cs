using Inbox.Core.Consistency;

namespace Inbox.Tests.Consistency;

public class TextLanguageTests
{
    [Theory]
    [InlineData("Bonjour Sam, votre remboursement sera fait sous 30 jours.", "fr")]
    [InlineData("Hello Sam, your refund will be made within 30 days.", "en")]
    [InlineData("Merci !", null)]                 // too little to tell
    [InlineData("OK, 30 jours / 30 days", null)] // neither outnumbers the other
    public void TellsFrenchFromEnglishByTheirLittleWords(string text, string? language) => Assert.Equal(language, TextLanguage.Guess(text));
}
