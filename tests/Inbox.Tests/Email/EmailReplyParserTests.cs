using System.Text;
using Inbox.Core.Channels.Email;
using Inbox.Tests.Support;
using MimeKit.Encodings;

namespace Inbox.Tests.Email;

/// <summary>
/// Every file of fixtures/email-replies (github/email_reply_parser test inputs, plus the localised and
/// multi-line headers of two unmerged pull requests), with the visible text that suite's semantics give.
/// </summary>
public sealed class EmailReplyParserTests
{
    private const string Essay = "I have gained valuable experience from working with students from other cultures.";

    /// <summary>file → (exact visible text, or null) / text that must be visible / text that must be hidden.</summary>
    public static readonly Dictionary<string, (string? Exact, string[] Shown, string[] Hidden)> Expected = new()
    {
        ["correct_sig.txt"] = ("this is an email with a correct -- signature.", [], ["rick"]),
        ["email_1_1.txt"] = (null, ["Hi folks", "I am currently using the Java HTTP API."], ["-Abhishek Kona", "riak-users mailing list"]),
        ["email_1_2.txt"] = (null, ["Hi,", "You can list the keys for the bucket", "would do it.", "need to delete them all individually."], ["riak-users mailing list", "> -Abhishek Kona"]),
        ["email_1_3.txt"] = ("Oh thanks.\n\nHaving the function would be great.", [], []),
        ["email_1_4.txt"] = ("Awesome! I haven't had another problem with it.", [], []),
        ["email_1_5.txt"] = (null, ["One: Here's what I've got.", "- This is the fourth bullet point", "for a while."], []),
        ["email_1_6.txt"] = ("I get proper rendering as well.\n\nSent from a magnificent torch of pixels", [], []),
        ["email_1_7.txt"] = (":+1:", [], []),
        ["email_1_8.txt"] = (null, ["I will reply under this one", "and under this."], ["Hey there, this is my signature", "hi there"]),
        ["email_2_1.txt"] = ("Outlook with a reply", [], []),
        ["email_2_2.txt"] = ("Outlook with a reply directly above line", [], []),
        ["email_2_3.txt"] = ("Outlook with a reply directly above line", [], []),
        ["email_BlackBerry.txt"] = ("Here is another email", [], []),
        ["email_iPhone.txt"] = ("Here is another email", [], []),
        ["email_multi_word_sent_from_my_mobile_device.txt"] = ("Here is another email", [], []),
        ["email_bullets.txt"] = ("test 2 this should list second\n\nand have spaces\n\nand retain this formatting\n\n\n   - how about bullets\n   - and another", [], []),
        ["email_long_quote.txt"] = (null, ["Hi folks", "running a test?"], []),
        ["email_one_is_not_on.txt"] = ("Thank, this is really helpful.\n\nOne outstanding question I had:\n\nLocally (on development), when I run...", [], []),
        ["email_sent_from_my_not_signature.txt"] = ("Here is another email\n\nSent from my desk, is much easier then my mobile phone.", [], []),
        ["email_sig_delimiter_in_middle_of_line.txt"] = ("Hi there!\n\nStuff happened.\n\nAnd here is a fix -- this is not a signature.\n\nkthxbai", [], []),
        ["greedy_on.txt"] = (null, ["On your remote host you can run:", "telnet 127.0.0.1 52698", "the tunnel is not working."], ["George Plymale", "odd issue"]),
        ["pathological.txt"] = ("I think you're onto something. I will try to fix the problem as soon as I\nget back to a computer.", [], []),
        ["unmerged-prs/pr20/email_2nd_paragraph_starting_with_on.txt"] = (null,
            ["This emails tests that multiline header fix", "On friday when I tried", "This line would have been considered part of the header line."], ["We are still very interested", "Bob Jones"]),
        ["unmerged-prs/pr20/email_from_address_in_quote_header.txt"] = (null, [Essay], ["john@example.com", "Thank you for recently"]),
        ["unmerged-prs/pr20/email_from_name_in_quote_header.txt"] = (null, [Essay], ["Smith, Shelly", "Thank you for recently"]),
        ["unmerged-prs/pr20/email_multiline_quote_header_from_first.txt"] = (null, [Essay], ["john@example.com", "Thank you for recently"]),
        ["unmerged-prs/pr20/email_multiline_quote_header_from_replyto_date_to_subject.txt"] = (null, [Essay], ["Reply-To", "Thank you for recently"]),
        ["unmerged-prs/pr20/email_multiline_quote_header_from_to_date_subject.txt"] = (null, [Essay], ["shelly@example.com", "Thank you for recently"]),
        ["unmerged-prs/pr20/email_multiline_quote_header_pt_br.txt"] = (null, [Essay], ["Enviada em", "Thank you for recently"]),
        ["unmerged-prs/pr20/email_no_signature_deliminator.txt"] = (null, ["I don't like putting any delimiator", "Really it is."], []),
        ["unmerged-prs/pr20/email_no_signature_deliminator_adds_a_middle_initial.txt"] = (null, ["I don't like putting any delimiator", "Really it is."], []),
        ["unmerged-prs/pr20/email_was_showing_as_nothing_visible.txt"] = (null, ["On Friday, one achievement I had", "learning the technology."], ["Bob Jones", "We are still"]),
        ["unmerged-prs/pr80/email_multiple_replies.txt"] = ("TAKE 3 - testing once again", [], []),
        ["unmerged-prs/pr80/quote_reply_french.txt"] = ("This is a reply with French quote", [], []),
        ["unmerged-prs/pr80/quote_reply_french_big.txt"] = ("Outlook with a reply directly above line", [], []),
        ["unmerged-prs/pr80/quote_reply_french_multiline.txt"] = ("This is a reply with French quote multiline", [], []),
        ["unmerged-prs/pr80/quote_reply_german.txt"] = ("This is a reply with German quote", [], []),
        ["unmerged-prs/pr80/quote_reply_german_multiline.txt"] = ("This is a reply with German quote multiline", [], []),
        ["unmerged-prs/pr80/quote_reply_italian.txt"] = ("This is a reply with Italian quote", [], []),
        ["unmerged-prs/pr80/quote_reply_italian_multiline.txt"] = ("This is a reply with Italian quote multiline", [], []),
        ["unmerged-prs/pr80/quote_reply_spanish.txt"] = ("This is a reply with Spanish quote", [], []),
        ["unmerged-prs/pr80/quote_reply_spanish_multiline.txt"] = ("This is a reply with Spanish quote multiline", [], []),
    };

    public static IEnumerable<object[]> Files() =>
        Directory.EnumerateFiles(Paths.Fixture("email-replies"), "*.txt", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Paths.Fixture("email-replies"), f).Replace('\\', '/'))
            .Order().Select(f => new object[] { f });

    [Fact]
    public void EveryFixtureHasAnExpectation() =>
        Assert.Equal(Files().Select(f => (string)f[0]).Order(), Expected.Keys.Order());

    [Theory]
    [MemberData(nameof(Files))]
    public void VisibleTextMatchesTheReferenceSemantics(string file)
    {
        var text = Read(file);
        var (exact, shown, hidden) = Expected[file];

        var visible = EmailReplyParser.VisibleText(text);

        if (exact is not null) Assert.Equal(exact, visible);
        foreach (var s in shown) Assert.Contains(s, visible);
        foreach (var s in hidden) Assert.DoesNotContain(s, visible);
    }

    [Fact]
    public void NothingIsLostWhenEverythingIsQuoted()
    {
        Assert.Equal("> only a quote", EmailReplyParser.VisibleText("> only a quote\n"));
    }

    [Fact]
    public void OriginalMessageSeparatorHidesTheHistory()
    {
        var visible = EmailReplyParser.VisibleText("Merci, c'est réglé.\n\n-----Original Message-----\nFrom: Support\nWe shipped it.");
        Assert.Equal("Merci, c'est réglé.", visible);
    }

    /// <summary>The pr80 files are stored quoted-printable, as they were sent.</summary>
    private static string Read(string file)
    {
        var bytes = File.ReadAllBytes(Paths.Fixture("email-replies", file));
        if (!file.Contains("pr80")) return Encoding.UTF8.GetString(bytes);
        var decoder = new QuotedPrintableDecoder();
        var output = new byte[decoder.EstimateOutputLength(bytes.Length)];
        var n = decoder.Decode(bytes, 0, bytes.Length, output);
        return Encoding.UTF8.GetString(output, 0, n);
    }
}
