using Dapper;
using Inbox.Browser.Tests.Support;
using Inbox.Core.Duplicates;
using Inbox.Core.Storage;
using Inbox.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Inbox.Browser.Tests;

/// <summary>Typing a reply that contradicts the answer already sent on a linked conversation warns under the compose box.</summary>
public sealed class DraftWarningTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public Task A_draft_contradicting_the_linked_answer_is_warned_with_the_conflicting_phrase_marked() => Ui(async () =>
    {
        await PostEmailAsync("Léa Moreau <lea.moreau@customer.test>", "Retour article", "Bonjour, j'ai renvoyé l'article, quand serai-je remboursée ?");
        await PostEmailAsync("Léa M. <lea.m@other.test>", "Mon retour", "Bonjour, où en est le remboursement de mon retour ?");
        long a, b;
        using (var c = Server.Get<Db>().Open())
        {
            // Inbound mail is taken in by a background worker: wait until both conversations exist.
            await Wait.UntilAsync(() => c.ExecuteScalar<long>("SELECT COUNT(*) FROM conversations") == 2);
            a = c.ExecuteScalar<long>("SELECT id FROM conversations WHERE subject = 'Retour article'");
            b = c.ExecuteScalar<long>("SELECT id FROM conversations WHERE subject = 'Mon retour'");
            // Linked as detection or an agent would (the two addresses are not known to be the same person).
            if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM duplicate_links") == 0)
                c.Execute("INSERT INTO duplicate_links (conversation_a, conversation_b, score, evidence, created_at) VALUES (@a, @b, 0.9, 'same return', 0)",
                    new { a = Math.Min(a, b), b = Math.Max(a, b) });
            Clusters.Recompute(c, null, a, b);
        }

        var page = await LoggedInPageAsync();
        await OpenConversationAsync(page, "Retour article");
        await page.FillAsync("#reply", "Bonjour Léa, le remboursement est validé : vous le recevrez sous 5 jours ouvrés.");
        await page.ClickAsync("#send");
        await Expect(page.Locator("#thread .msg.out .body")).ToContainTextAsync("sous 5 jours ouvrés");

        await OpenConversationAsync(page, "Mon retour");
        await Expect(page.Locator("#draft-guard .conflict")).ToHaveCountAsync(0);
        const string draft = "Bonjour, votre remboursement sera effectué sous 14 jours.";
        await page.FillAsync("#reply", draft);
        var conflict = page.Locator("#draft-guard .conflict");
        await Expect(conflict).ToHaveCountAsync(1);
        await Expect(conflict.Locator("strong")).ToContainTextAsync("Email");
        await Expect(conflict.Locator(".draft-echo")).ToHaveTextAsync(draft); // the whole draft, as text
        var marks = conflict.Locator(".draft-echo mark");
        await Expect(marks.First).ToBeVisibleAsync();
        var marked = string.Join(" ", await marks.AllTextContentsAsync());
        Assert.Contains("14 jours", marked);
        Assert.DoesNotContain("Bonjour", marked);

        // Taking the sent answer instead clears the warning.
        await conflict.Locator("button").ClickAsync();
        await Expect(page.Locator("#reply")).ToHaveValueAsync("Bonjour Léa, le remboursement est validé : vous le recevrez sous 5 jours ouvrés.");
        await Expect(page.Locator("#draft-guard .conflict")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task A_lead_marks_a_reference_answer_and_a_draft_contradicting_it_is_warned_in_any_conversation() => Ui(async () =>
    {
        await PostEmailAsync("Sam Petit <sam@customer.test>", "Remboursement", "Bonjour, quand serai-je remboursé ?");
        await CreateAgentAsync("lena", "lead");
        var lead = await LoggedInPageAsync("lena", lang: "fr");
        await lead.ClickAsync("a.nav-link[data-view=replies]");
        await lead.ClickAsync("#saved-new");
        await lead.FillAsync("#saved-title", "Délai de remboursement");
        await lead.FillAsync("#saved-body", "Bonjour {first_name}, le remboursement est fait sous 14 jours après réception du colis.");
        await lead.CheckAsync("#saved-reference");
        await lead.ClickAsync("#saved-save");
        await Expect(lead.Locator("#saved-table .saved-reference")).ToHaveTextAsync("Réponse de référence");

        var page = await LoggedInPageAsync(lang: "fr");
        await OpenConversationAsync(page, "Remboursement");
        await page.FillAsync("#reply", "Bonjour, votre remboursement sera fait sous 30 jours.");
        var conflict = page.Locator("#draft-guard .conflict.reference");
        await Expect(conflict.Locator("strong")).ToHaveTextAsync("Ce brouillon contredit la réponse de référence de l’équipe « Délai de remboursement »");
        await Expect(conflict.Locator(".draft-echo mark")).ToContainTextAsync("30 jours");
        // Taken instead, it is filled for this customer like any saved reply, and the warning goes.
        await conflict.Locator("button").ClickAsync();
        await Expect(page.Locator("#reply")).ToHaveValueAsync("Bonjour Sam, le remboursement est fait sous 14 jours après réception du colis.");
        await Expect(page.Locator("#draft-guard .conflict")).ToHaveCountAsync(0);
    });
}
