using Inbox.Core.Model;
using System.Text;

namespace Inbox.Benchmarks.Duplicates;

/// <summary>
/// Request texts for synthetic traffic: English from the raw BANKING77 and Bitext queries, French from
/// templates written here (the raw files have none), each with its own order numbers, amounts and dates;
/// and rewordings the way one person repeats a request on another channel.
/// </summary>
public sealed class SyntheticRequests
{
    private static readonly string[] French =
    [
        "Je n'ai toujours pas reçu ma commande {order}, passée il y a {days} jours. Pouvez-vous vérifier où elle en est ?",
        "Ma commande {order} devait arriver lundi et rien n'est arrivé. Le suivi n'a pas bougé depuis {days} jours.",
        "J'ai été débité deux fois de {amount} pour la commande {order}, merci de me rembourser le doublon.",
        "Le colis de la commande {order} est arrivé abîmé, la boîte était ouverte et l'article cassé.",
        "Je voudrais annuler la commande {order} avant l'expédition, je me suis trompé de taille.",
        "Comment modifier l'adresse de livraison de ma commande {order} ? J'ai déménagé la semaine dernière.",
        "J'ai renvoyé l'article il y a {days} jours et je n'ai toujours pas été remboursé des {amount}.",
        "Ma carte bancaire a été refusée au moment de payer, pourtant mon solde est suffisant.",
        "Je n'arrive plus à me connecter à mon compte, le mot de passe ne fonctionne plus.",
        "Le lien pour réinitialiser mon mot de passe a expiré, pouvez-vous m'en renvoyer un ?",
        "Je souhaite supprimer mon compte et toutes mes données personnelles.",
        "Pourquoi ai-je été prélevé de {amount} alors que j'ai résilié mon abonnement le mois dernier ?",
        "Il manque un article dans mon colis, commande {order}. J'ai reçu deux produits sur trois.",
        "Je n'ai pas reçu la facture de ma commande {order}, j'en ai besoin pour ma comptabilité.",
        "Le virement de {amount} que j'ai fait il y a {days} jours n'apparaît toujours pas sur mon compte.",
        "Ma carte a été perdue hier soir, pouvez-vous la bloquer immédiatement ?",
        "On m'a volé ma carte et il y a des paiements que je ne reconnais pas, dont un de {amount}.",
        "Je ne reconnais pas un paiement de {amount} sur mon relevé, je n'ai rien acheté ce jour-là.",
        "Quand vais-je recevoir ma nouvelle carte ? Je l'ai commandée il y a {days} jours.",
        "Le livreur dit avoir déposé le colis {order} mais je n'ai rien trouvé devant ma porte.",
        "J'ai reçu le mauvais produit pour la commande {order}, ce n'est pas du tout ce que j'ai commandé.",
        "Je voudrais échanger la taille de ma commande {order}, le pull est trop petit.",
        "Les frais de livraison de {amount} n'étaient pas annoncés au moment de la commande.",
        "Mon code promo ne fonctionne pas sur le site, il dit que le code est invalide.",
        "Je n'ai pas reçu le code de confirmation par SMS pour valider mon paiement.",
        "Mon remboursement de {amount} était promis sous {days} jours et je ne vois toujours rien.",
        "Le produit ne fonctionne plus après seulement {days} jours, je voudrais le faire réparer ou remplacer.",
        "Je souhaite changer le moyen de paiement enregistré sur mon compte.",
        "Pourquoi mon compte est-il bloqué ? Je ne peux plus faire aucun virement.",
        "J'ai payé {amount} de frais pour un retrait à l'étranger, ce n'est pas normal.",
        "Pouvez-vous me dire quand la commande {order} sera expédiée ? Le site indique en préparation depuis {days} jours.",
        "Je veux me désabonner de la newsletter, je reçois trois mails par jour.",
        "Le retrait au distributeur de {amount} n'a pas été délivré mais mon compte a été débité.",
        "Ma commande {order} a été annulée sans explication alors que le paiement est passé.",
        "Je voudrais parler à un conseiller, le chatbot ne comprend pas ma demande.",
        "Le colis {order} est marqué comme retourné à l'expéditeur, je ne comprends pas pourquoi.",
        "Je n'ai pas reçu mon cashback de {amount} promis lors de l'achat.",
        "Comment ajouter ma carte à Apple Pay ? L'application affiche une erreur.",
        "J'ai changé de numéro de téléphone et je ne reçois plus les codes de sécurité.",
        "La réduction de {amount} n'a pas été appliquée sur ma commande {order}.",
    ];

    private static readonly (string From, string To)[] EnglishRewords =
    [
        ("haven't", "have not"), ("have not", "still haven't"), ("received", "got"), ("card", "debit card"), ("refund", "money back"),
        ("money", "funds"), ("account", "acct"), ("I want", "I'd like"), ("can I", "how do I"), ("order", "purchase"), ("payment", "charge"),
        ("why", "how come"), ("still", ""), ("my ", "the "), ("transfer", "transaction"), ("cancel", "stop"), ("help", "assistance"),
    ];

    private static readonly (string From, string To)[] FrenchRewords =
    [
        ("Je n'ai toujours pas reçu", "Toujours rien reçu pour"), ("commande", "cde"), ("rembourser", "remboursement"), ("Pouvez-vous", "Merci de"),
        ("je voudrais", "je souhaite"), ("Je voudrais", "J'aimerais"), ("carte bancaire", "carte"), ("toujours pas", "pas encore"),
        ("il y a", "depuis"), ("colis", "paquet"), ("article", "produit"), ("immédiatement", "au plus vite"), ("compte", "espace client"),
    ];

    private static readonly string[] EnglishWraps = ["Hi, ", "Hello, ", "Hey ", "", "", "Good morning, "];
    private static readonly string[] EnglishAgain = ["I already emailed you about this. ", "Sent this on Facebook too. ", "Second time asking: ", "Nobody answered my email. ", "", ""];
    private static readonly string[] FrenchWraps = ["Bonjour, ", "Bonsoir, ", "Salut ", "", "", "Madame, Monsieur, "];
    private static readonly string[] FrenchAgain = ["Je vous ai déjà écrit par mail. ", "Même demande que sur Messenger. ", "Je relance : ", "Personne ne m'a répondu. ", "", ""];

    private readonly string[] _english;

    public SyntheticRequests(string rawDir)
    {
        var banking = new[] { "banking77_train.csv", "banking77_test.csv" }
            .SelectMany(f => Csv.Read(File.ReadAllText(Path.Combine(rawDir, f))).Skip(1))
            .Where(r => r.Length > 0).Select(r => r[0]);
        var bitext = Csv.Read(File.ReadAllText(Path.Combine(rawDir, "bitext_customer_support_v1.csv"))).Skip(1).Where(r => r.Length > 2).Select(r => r[2]);
        _english = banking.Concat(bitext).Select(t => t.Trim()).Where(t => t.Length > 10).Distinct().ToArray();
    }

    public int EnglishCount => _english.Length;
    public int FrenchCount => French.Length;

    /// <summary>A request: its language, which base text, and its filled-in wording (order numbers, amounts, days).</summary>
    public SyntheticRequest New(Random r, bool? lang = null, int? kind = null)
    {
        var french = lang ?? r.Next(100) < 40;
        var template = kind ?? (french ? r.Next(French.Length) : r.Next(_english.Length));
        var order = r.Next(3) switch { 0 => $"MA-{r.Next(1_000_000, 9_999_999)}", 1 => $"{r.Next(10_000_000, 99_999_999)}", _ => $"#{r.Next(10_000, 99_999)}" };
        var amount = french ? $"{r.Next(5, 900)},{r.Next(10, 99)} €" : $"£{r.Next(5, 900)}.{r.Next(10, 99)}";
        var days = r.Next(2, 21).ToString();
        string text;
        if (french) text = French[template].Replace("{order}", order).Replace("{amount}", amount).Replace("{days}", days);
        else
        {
            // A few raw queries carry a literal order number ("3707955617" in 189 Bitext rows): each request gets
            // its own, or strangers would share a case number no real pair of strangers shares.
            var own = r.Next(10_000_000, 99_999_999).ToString();
            text = System.Text.RegularExpressions.Regex.Replace(_english[template], @"\d{5,}", own);
            // English queries name no case of their own; two in three get one, as real ones often do.
            text = r.Next(3) switch
            {
                0 => $"{text} Order {order}.",
                1 => $"{text} It's about the {amount} payment on the {r.Next(1, 28)}th.",
                _ => text,
            };
        }
        return new SyntheticRequest(french, template, text, text.Contains(order) ? order : null);
    }

    /// <summary>The same person repeating the request elsewhere: greeting, "I already asked", a few words changed or dropped, the order number sometimes left out.</summary>
    public string Reword(SyntheticRequest q, Random r, string channel)
    {
        var text = q.Text;
        if (q.Order is { } o && r.Next(10) < 4) text = text.Replace(" " + o, "").Replace("Order .", "").Replace(o, "");
        foreach (var (from, to) in q.French ? FrenchRewords : EnglishRewords)
            if (r.Next(3) == 0 && text.Contains(from, StringComparison.Ordinal)) text = text.Replace(from, to);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 7 && r.Next(2) == 0) words.RemoveAt(r.Next(1, words.Count - 2));
        if (channel == "x" && words.Count > 18) words = words.Take(18).ToList();
        var sb = new StringBuilder();
        sb.Append((q.French ? FrenchWraps : EnglishWraps)[r.Next(6)]);
        sb.Append((q.French ? FrenchAgain : EnglishAgain)[r.Next(6)]);
        sb.Append(string.Join(' ', words));
        if (r.Next(3) == 0) sb.Append(q.French ? " Merci de me répondre rapidement." : " Still no answer!");
        return sb.ToString();
    }

    /// <summary>Someone else with the same kind of request: the same base text, their own numbers.</summary>
    public SyntheticRequest SameKind(SyntheticRequest q, Random r) => New(r, q.French, q.Template);
}

public sealed record SyntheticRequest(bool French, int Template, string Text, string? Order);
