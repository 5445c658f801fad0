using System.Text;
using Inbox.Core.Channels.Email;
using Inbox.Core.Intake;
using Inbox.Tests.Support;

namespace Inbox.Tests.Email;

/// <summary>Every real message of fixtures/email (chatwoot's spec files) through the normalizer, plus hand-made odd charsets.</summary>
public sealed class MimeNormalizerTests
{
    private static NormalizedMessage Parse(byte[] body, long maxAttachment = 10 * 1024 * 1024) =>
        Assert.Single(new MimeNormalizer(new EmailOptions { MaxAttachmentBytes = maxAttachment })
            .Normalize(new RawEnvelope(1, "email", "message/rfc822", new Dictionary<string, string>(), body, 1_700_000_000_000)).Messages);

    private static NormalizedMessage Fixture(string name) => Parse(File.ReadAllBytes(Paths.Fixture("email", name)));

    public static IEnumerable<object[]> Files() =>
        Directory.EnumerateFiles(Paths.Fixture("email"), "*.eml").Select(Path.GetFileName).Order().Select(f => new object[] { f! });

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryFixtureParsesIntoAMessageWithASenderAndText(string file)
    {
        var m = Fixture(file);
        Assert.Contains("@", m.Customer.ExternalId);
        Assert.StartsWith("<", m.ExternalId);
        Assert.NotNull(m.Text);
        Assert.True(m.SentAt > 0);
        Assert.DoesNotContain("<html", m.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheReusedParserReadsEveryFixtureAsMimeKitsOwnLoadDoes()
    {
        // One parser per thread (MimeParsing), one fixture after the other on it, a cut-off one among them.
        var files = Directory.EnumerateFiles(Paths.Fixture("email"), "*.eml").Order().Select(File.ReadAllBytes).ToList();
        files.Insert(files.Count / 2, files[0][..(files[0].Length / 3)]);
        foreach (var body in files)
        {
            string Written(MimeKit.MimeMessage m) { using var ms = new MemoryStream(); m.WriteTo(ms); return Encoding.UTF8.GetString(ms.ToArray()); }
            using var stream = new MemoryStream(body);
            Assert.Equal(Written(MimeKit.MimeMessage.Load(stream)), Written(MimeParsing.Message(body)));
            stream.Position = 0;
            Assert.Equal(MimeKit.HeaderList.Load(stream).Select(h => h.ToString()), MimeParsing.Headers(body).Select(h => h.ToString()));
        }
    }

    [Fact]
    public void InReplyToAndReferencesBecomeThreadingKeys()
    {
        var m = Fixture("references.eml");
        Assert.Equal("<4e6e35f5a38b4_479f13bb90078178@small-app-01.mail>", m.ReplyToExternalId);
        Assert.Equal(["<test-reference-id>", "<4e6e35f5a38b4_479f13bb90078178@small-app-01.mail>"], m.ThreadRefs);
        Assert.Equal("<0CB459E0-0336-41DA-BC88-E6E28C697DDBF@chatwoot.com>", m.ExternalId);
    }

    [Fact]
    public void EverySecondInReplyToIdIsKeptAsAReference()
    {
        var m = Fixture("multiple_in_reply_to.eml");
        Assert.Equal("<4e6e35f5a38b4_479f13bb90078171@small-app-01.mail>", m.ReplyToExternalId);
        Assert.Contains("<4e6e35f5a38b4_479f13bb90078131@small-app-01.mail>", m.ThreadRefs);
        Assert.Contains("<4e6e35f5a38b4_479f13bb90078178@small-app-01.mail>", m.ThreadRefs);
    }

    [Fact]
    public void PlusAddressInCcGivesTheConversationToken()
    {
        Assert.Equal("6bdc3f4d-0bec-4515-a284-5d916fdde489", Fixture("reply_uuid_in_cc.eml").ConversationToken);
        Assert.Null(Fixture("references.eml").ConversationToken);
    }

    [Fact]
    public void SubjectTagGivesTheConversationTokenWhenThereIsNoPlusAddress()
    {
        var m = Parse(Mime("From: a@example.com\r\nTo: support@example.test\r\nSubject: Re: Order [#0123abcd4567ef89]\r\n", "thanks"));
        Assert.Equal("0123abcd4567ef89", m.ConversationToken);
        Assert.Equal("support@example.test", m.Account);
    }

    [Fact]
    public void HtmlOnlyMailIsConvertedToReadableText()
    {
        var m = Fixture("only_html.eml");
        Assert.Equal("This is html only mail", m.Text);
        Assert.Null(m.ReplyToExternalId); // the empty In-Reply-To header
    }

    [Fact]
    public void HtmlBlockquotesAndScriptsAreHiddenFromAgents()
    {
        var m = Parse(Mime("From: a@example.com\r\nTo: s@example.test\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n",
            "<p>Hello <b>team</b>,<br>see <a href=\"https://example.com/x\">this</a>.</p><script>alert(1)</script><ul><li>one</li><li>two</li></ul>" +
            "<div>On Mon, Bob wrote:</div><blockquote><p>old text</p></blockquote>"));
        Assert.Contains("Hello team,\nsee this (https://example.com/x).", m.Text);
        Assert.Contains("- one\n- two", m.Text);
        Assert.Contains("> old text", m.Text);
        Assert.DoesNotContain("alert", m.Text);
        Assert.DoesNotContain("old text", m.DisplayText);
    }

    [Fact]
    public void Base64ArabicMailAndItsEncodedHeadersDecode()
    {
        var m = Fixture("non_utf_encoded_mail.eml");
        Assert.StartsWith("أنظروا", m.Text);
        Assert.Equal("متجر سوق نت", m.Customer.DisplayName);
        Assert.StartsWith("أهلين", m.Subject);
        Assert.Contains(EmailTags.AutoReply, m.Tags);
        Assert.Contains(EmailTags.List, m.Tags); // Precedence: bulk
    }

    [Fact]
    public void Latin1AndWindows1252BodiesDecodeByTheirCharset()
    {
        var latin1 = Encoding.Latin1.GetBytes("Ma commande n'est pas arrivée, merci d'avance. Ça presse.");
        var m = Parse(Concat("From: =?iso-8859-1?q?Ren=E9e?= <renee@example.fr>\r\nTo: s@example.test\r\nSubject: =?iso-8859-1?q?D=E9j=E0_pay=E9?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n", latin1));
        Assert.Equal("Ma commande n'est pas arrivée, merci d'avance. Ça presse.", m.Text);
        Assert.Equal("Déjà payé", m.Subject);
        Assert.Equal("Renée", m.Customer.DisplayName);

        var cp1252 = Parse(Mime("From: a@example.com\r\nTo: s@example.test\r\nSubject: x\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n", "=93quoted=94 =80 10"));
        Assert.Equal("\u201cquoted\u201d € 10", cp1252.Text);
    }

    [Fact]
    public void FormatFlowedIsUnwrapped()
    {
        var m = Parse(Mime("From: a@example.com\r\nTo: s@example.test\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n",
            "This is a long line that the client \r\nwrapped for transport.\r\n\r\nSecond paragraph."));
        Assert.Equal("This is a long line that the client wrapped for transport.\n\nSecond paragraph.", m.Text.Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("auto_reply.eml", "auto-reply")]               // X-Autoreply: yes
    [InlineData("auto_reply_with_auto_submitted.eml", "auto-reply")] // Auto-Submitted: auto-generated
    [InlineData("bounced_gmail.eml", "bounce")]                // multipart/report
    [InlineData("bounced_with_no_from.eml", "bounce")]
    public void AutomatedMailIsTagged(string file, string tag) => Assert.Contains(tag, Fixture(file).Tags);

    [Fact]
    public void OrdinaryMailIsNotTagged()
    {
        foreach (var f in new[] { "only_text.eml", "references.eml", "reply_cc.eml", "support_1.eml", "mail_with_quote.eml" })
            Assert.Empty(Fixture(f).Tags);
    }

    [Fact]
    public void BounceWithAnEmptyFromIsKeptUnderTheReportingHostsDaemon()
    {
        var m = Fixture("bounced_with_no_from.eml");
        Assert.Equal("mailer-daemon@smtp5.relay.example.com", m.Customer.ExternalId);
        Assert.Equal(["bounce"], m.Tags);
    }

    [Fact]
    public void BounceKeepsTheHumanReadablePartAsText()
    {
        var m = Fixture("bounced_gmail.eml");
        Assert.Contains("Address not found", m.Text);
        Assert.Equal(["bounce"], m.Tags);
    }

    [Fact]
    public void AttachmentsKeepNameTypeAndSize()
    {
        var m = Fixture("multiple_attachments.eml");
        // The fixture's parts are emptied: names and types remain, sizes are 0.
        Assert.Equal(30, m.Attachments.Count);
        Assert.Equal("Screenshot 2023-05-03 at 3.32.04 PM.png", m.Attachments[0].FileName);
        Assert.All(m.Attachments, a => { Assert.Equal("image/png", a.ContentType); Assert.Equal(a.Size, a.Content!.Length); });
        var pdf = Assert.Single(Fixture("email_with_inline_pdf.eml").Attachments, a => a.ContentType == "application/pdf");
        Assert.Equal("dummy.pdf", pdf.FileName);
        Assert.True(pdf.Size > 1000);
        Assert.Equal(pdf.Size, pdf.Content!.Length);
        var nameless = Fixture("attachments_without_filename.eml");
        Assert.Equal(2, nameless.Attachments.Count);
        Assert.All(nameless.Attachments, a => { Assert.Null(a.FileName); Assert.Equal("image/png", a.ContentType); });
    }

    [Fact]
    public void AttachmentOverTheLimitIsRefusedWithANote()
    {
        var m = Parse(File.ReadAllBytes(Paths.Fixture("email", "email_with_inline_pdf.eml")), maxAttachment: 1000);
        var big = Assert.Single(m.Attachments, a => a.ContentType == "application/pdf");
        Assert.Null(big.Content);
        Assert.True(big.Size > 1000);
        Assert.Contains("over the 1000 byte limit", big.Note);
    }

    [Fact]
    public void QuotedHistoryIsHiddenFromAgentsButKeptInTheText()
    {
        var m = Fixture("mail_with_quote.eml");
        Assert.Equal("Yes, I am providing you step how to reproduce this issue", m.DisplayText);
        Assert.Contains("> Any update on this?", m.Text);
        Assert.Contains("Sony Mathew", m.Text);
        Assert.Equal("6bdc3f4d-0bec-4515-a284-5d916fdde489", m.ConversationToken);
    }

    [Fact]
    public void MailWithoutDateUsesTheReceivingTime() => Assert.Equal(1_700_000_000_000, Fixture("mail_with_no_date.eml").SentAt);

    private static byte[] Mime(string headers, string body) => Encoding.UTF8.GetBytes(headers + "MIME-Version: 1.0\r\n\r\n" + body);

    private static byte[] Concat(string headers, byte[] body) => [.. Encoding.ASCII.GetBytes(headers), .. body];
    [Fact]
    public void TheOtherPeopleAMailWentToAreKeptWithoutUsOrTheSender()
    {
        var mail = Encoding.UTF8.GetBytes(string.Join("\r\n",
            "From: Léa Roux <lea@example.com>",
            "To: support+billing@shop.example, \"Marc Roux\" <marc@example.com>",
            "Cc: reply+0123456789abcdef@shop.example, LEA@example.com, help@shop.example, Banque <conseiller@banque.example>, marc@example.com",
            "Subject: Remboursement", "Message-ID: <cc-1@example.com>", "", "Bonjour."));
        var m = new MimeNormalizer(new EmailOptions { Mailboxes = [new MailboxOptions { Address = "help@shop.example" }] })
            .Normalize(new RawEnvelope(1, "email", "message/rfc822", new Dictionary<string, string>(), mail, 1_700_000_000_000)).Messages.Single();
        Assert.Equal("Marc Roux <marc@example.com>, Banque <conseiller@banque.example>", m.Cc);
        Assert.Null(Parse(Encoding.UTF8.GetBytes("From: a@example.com\r\nTo: support@shop.example\r\nSubject: s\r\n\r\nx")).Cc);
    }

    [Theory]
    [InlineData("marc@example.com; Banque <conseiller@banque.example>,, ", "marc@example.com, Banque <conseiller@banque.example>")]
    [InlineData("  ", null)]
    [InlineData("Marc@example.com, marc@EXAMPLE.com", "Marc@example.com")]
    public void AnAgentsCcIsReadAsAListOfAddresses(string typed, string? stored)
    {
        var (list, error) = EmailCopies.Parse(typed);
        Assert.Null(error);
        Assert.Equal(stored, list);
    }

    [Theory]
    [InlineData("marc@", "Cc")]
    [InlineData("Marc Roux", "Cc")]
    [InlineData("équipe: a@example.com, b@example.com;", "Cc")]
    public void WhatIsNotAnAddressIsRefusedByName(string typed, string field)
    {
        var (list, error) = EmailCopies.Parse(typed);
        Assert.Null(list);
        Assert.StartsWith(field + ":", error!.En);
        Assert.StartsWith("Cci :", EmailCopies.Parse(typed, blind: true).Error!.Fr);
        Assert.Contains("at most 20", EmailCopies.Parse(string.Join(",", Enumerable.Range(0, 21).Select(i => $"p{i}@example.com"))).Error!.En);
    }
}
