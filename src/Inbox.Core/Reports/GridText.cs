using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Inbox.Core.Reports;

/// <summary>Normalization and the French/English word lists the answer-quality grid reads answers with.</summary>
public static partial class GridText
{
    /// <summary>Lower case, accents removed, apostrophes and punctuation turned into spaces, so "Aujourd'hui" reads "aujourd hui".</summary>
    public static string Normalize(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(char.IsLetterOrDigit(ch) ? ch : ' ');
        }
        return Spaces().Replace(sb.ToString(), " ").Trim();
    }

    public static IEnumerable<string> Tokens(string normalized) => normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Greeting and closing words, pronouns, articles: words that say nothing about the request.</summary>
    public static readonly HashSet<string> StopWords = [.. """
        a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y est sont ete etre avoir avons avez ai as a ont fait faire tres plus bien aussi comme donc alors si tout tous toute toutes cela ca ceci ici la deja encore
        bonjour bonsoir salut coucou madame monsieur cher chere merci cordialement bien sincerement salutations equipe service client clientele svp sil plait hesitez
        the a an and or but if of to in on at by for with from about as is are was were be been being have has had do does did will would can could should may might must shall i me my we us our you your yours he she it its they them their this that these those there here not no yes so too very just also than then
        hello hi hey dear thanks thank please regards kind best sincerely team customer service support care get back reach contact contacting reaching touch soon shortly possible
        """.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)];

    [GeneratedRegex(@"^(bonjour|bonsoir|salut|coucou|hello|hi|hey|dear|greetings|good (morning|afternoon|evening)|cher|chere|madame|monsieur)\b")]
    public static partial Regex Greeting();

    /// <summary>A delay: "within 5 business days", "sous 48 h", "demain", "by Friday".</summary>
    [GeneratedRegex(@"\b\d+\s*(min|mins|minutes?|h|hrs?|hours?|heures?|jours?|days?|semaines?|weeks?|mois|months?)\b|\b(aujourd hui|demain|today|tomorrow|tonight|ce soir|cette semaine|this week|next week|semaine prochaine|lundi|mardi|mercredi|jeudi|vendredi|monday|tuesday|wednesday|thursday|friday|sous \d+|within \d+|d ici (demain|lundi|mardi|mercredi|jeudi|vendredi|la fin|ce soir)|by (monday|tuesday|wednesday|thursday|friday|tomorrow|the end))\b")]
    public static partial Regex Delay();

    /// <summary>A request for what the agent needs next: "please send", "merci de nous transmettre", "pouvez-vous".</summary>
    [GeneratedRegex(@"\b(please (send|reply|share|provide|confirm|dm|call|check|forward|return|attach)|(could|can|would) you (please )?(send|share|provide|confirm|dm|call|check|forward|tell)|merci de (nous )?(envoyer|transmettre|communiquer|indiquer|confirmer|preciser|renvoyer|retourner)|(pouvez|pourriez) vous|envoyez nous|transmettez nous|indiquez nous)\b")]
    public static partial Regex AskAction();

    /// <summary>A commitment followed by a concrete act in the same sentence ("we will refund", "nous allons vous renvoyer").</summary>
    [GeneratedRegex(@"\b(we will|we ll|i will|i ll|you will|you ll|nous allons|je vais|nous vous|je vous|vous allez|vous recevrez|has been|have been|a ete|ont ete|est en cours)\b[^.!?\n]{0,50}\b(refund|send|sent|ship|shipped|replace|call|cancel|process|exchange|credit|resend|reset|repair|deliver|rembours|envo|expedi|rempla|rappel|annul|traite|echang|credit|renvoy|reinitialis|repar|livr|recevr)")]
    public static partial Regex Commitment();

    [GeneratedRegex(@"^(cordialement|bien cordialement|bien a vous|a bientot|best regards|kind regards|warm regards|regards|sincerely|best|cheers|many thanks|thanks|thank you|merci|belle journee|bonne journee)\b")]
    public static partial Regex Closing();

    [GeneratedRegex(@"\b(equipe|team|service client|service clients|customer service|customer care|support|sav|relation client)\b")]
    public static partial Regex TeamName();

    /// <summary>Chat-style signatures: "^JD", "- Julie", "— Tom (SAV)".</summary>
    [GeneratedRegex(@"(^|\s)[\^\-–—~]\s?\p{L}[\p{L}.]{0,20}(\s\p{L}{1,20})?\s*(\([^)]{1,30}\))?\s*$")]
    public static partial Regex ChatSignature();

    /// <summary>Phrases that fill an answer without saying anything about this request.</summary>
    [GeneratedRegex(@"\b(thank you for (contacting us|reaching out|your (message|patience|email|request|feedback))|thanks for (reaching out|contacting us|your (message|patience))|we (have|ve) received your (message|request|email)|we (will|ll) get back to you( as soon as possible| shortly| soon)?|(sorry|apologies) for (the|any) inconvenience|we apologi[sz]e for (the|any) inconvenience|we are looking into (it|this)|don t hesitate to (contact us|reach out)|feel free to (contact us|reach out)|have a (nice|good|great) day|your request has been forwarded( to the relevant team)?|merci (pour|de) votre (message|patience|retour|confiance|demande)|merci de nous avoir contactes?|nous avons bien recu votre (message|demande|mail|courriel)|nous (revenons|reviendrons) vers vous( rapidement| dans les plus brefs delais| au plus vite| des que possible)?|(desole|desolee|nous sommes desoles|toutes nos excuses) pour (la gene occasionnee|ce desagrement|le desagrement)|n hesitez pas a (nous contacter|revenir vers nous)|(bonne|belle) (journee|soiree)|votre demande a ete transmise( au service concerne)?)\b")]
    public static partial Regex Boilerplate();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
