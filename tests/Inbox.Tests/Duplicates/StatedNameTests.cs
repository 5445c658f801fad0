using Inbox.Core.Duplicates;

namespace Inbox.Tests.Duplicates;

public class StatedNameTests
{
    private static readonly FirstNames Known = new();

    [Theory]
    [InlineData("Adam", "Hi there,\n\nMy account shows a cash withdrawal.\n\nCheers,\nAdam Smith\n\nSent from my iPhone", "Adam Smith")]
    [InlineData("George", "Hello,\n\nWhere is my order?\n\nThank you,\nGeorge E.\n\nSent from Yahoo Mail on Android", "George E.")]
    [InlineData("Sunny", "Bonjour, Claire Lemaire à l'appareil", "Claire Lemaire")]
    [InlineData("Gamer", "Hello, this is Holly Caron. My card is blocked", "Holly Caron")]
    [InlineData("Hugo L", "Bonjour, Hugo Lemaire à l'appareil", "Hugo Lemaire")]
    [InlineData("Nightowl", "Bonjour, c'est Baptiste. je n'ai jamais reçu ma commande", "Baptiste")]
    [InlineData(null, "Bonjour,\n\nColis jamais arrivé.\n\nCordialement,\nÉlodie Faure", "Élodie Faure")]
    public void ANameTheCustomerGivesCompletesADisplayNameThatLacksIt(string? display, string text, string expected) =>
        Assert.Equal(expected, StatedName.Complete(display, text, Known));

    [Theory]
    // another first name: someone else signs (an assistant, a relative): the account's name stands
    [InlineData("Adam Jackson", "Hello,\n\nThanks,\nAdam Smith")]
    [InlineData("Adam", "Hello,\n\nThanks,\nSarah Smith")]
    [InlineData("Hugo L", "Bonjour, Hugo Martin à l'appareil")]
    // not a name: no known first name, a stop word for a surname, a sentence under the sign-off
    [InlineData("Sunny", "Hello, this is Ridiculous. Where is my parcel?")]
    [InlineData("Sunny", "Bonjour, c'est Marie Je n'ai rien reçu")]
    [InlineData("Adam", "Hello,\n\nThanks,\nAdam will call you tomorrow")]
    [InlineData("Adam", "Where is my parcel? I am Very upset")]
    public void AStatedNameNeverReplacesADifferentNameOrAPhrase(string display, string text) =>
        Assert.Equal(display, StatedName.Complete(display, text, Known));

    [Fact]
    public void NamesCompareAsCompleted()
    {
        var email = PersonNames.From(StatedName.Complete("Adam", "Hi,\n\nCheers,\nAdam Smith", Known), null, "jazz.teatime98@post.example.net", Known);
        var tweet = PersonNames.From("adam", "adam_smith", null, Known);
        Assert.Equal(NameMatch.Strong, email.Compare(tweet));
        var other = PersonNames.From("Adam Jones", null, null, Known);
        Assert.Equal(NameMatch.Conflict, email.Compare(other));
    }
}
