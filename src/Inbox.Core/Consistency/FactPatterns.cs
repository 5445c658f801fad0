using System.Text.RegularExpressions;

namespace Inbox.Core.Consistency;

/// <summary>The regular expressions of fact extraction, French and English, in one place.</summary>
internal static class FactPatterns
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    private static readonly string Words = $@"\b{NumberWords.Pattern}(?:[\s\-]+(?:(?:et|and)[\s\-]+)?{NumberWords.Pattern})*\b";
    private const string Digits = @"\d{1,3}(?:[\u00a0\u202f ,.]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)";

    public static readonly Regex Url = new(@"\b(?:https?://|www\.)[^\s<>""'()]+", Opt);
    public static readonly Regex Email = new(@"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b", Opt);
    public static readonly Regex Phone = new(
        @"(?<![\w+\-/])(?:\+\d{1,3}[\s.\-]?(?:\(0\)[\s.\-]?)?\d{1,4}|0\d{1,4}|\(\d{2,4}\))(?:[\s.\-]?\d{2,4}){2,5}(?![\w\-/])", Opt);
    /// <summary>MA-6079252, TX-781544, or a number named as an order / reference ("commande 4471", "order #12345").</summary>
    public static readonly Regex Reference = new(
        @"\b(?<prefix>[A-Z]{1,4})[-_]?(?<num>\d{3,}(?:-\d+)?)\b|(?:order|commande|dossier|ticket|case|r[ée]f[ée]rence|ref\.?|transaction|op[ée]ration|n°|#)\s*(?:n°\s*|no\.?\s*|#\s*|number\s*|num[ée]ro\s*)?(?<num>\d{4,})\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);
    public static readonly Regex Percent = new($@"(?<num>\d+(?:[.,]\d+)?|{Words})\s?(?:%|per ?cent\b|pour ?cent\b|pourcent\b)", Opt);

    private const string MonthsEn = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
    private const string MonthsFr = "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre";
    public static readonly Regex Date = new(
        $@"\b(?<y>\d{{4}})-(?<m>\d{{1,2}})-(?<d>\d{{1,2}})\b" +
        $@"|\b(?<d>\d{{1,2}})[/.](?<m>\d{{1,2}})(?:[/.](?<y>\d{{2,4}}))?\b" +
        $@"|\b(?<d>\d{{1,2}}|1er)(?:st|nd|rd|th)?\s+(?:of\s+)?(?<mn>{MonthsEn}|{MonthsFr})\.?(?:,?\s+(?<y>\d{{4}}))?\b" +
        $@"|\b(?<mn>{MonthsEn})\.?\s+(?<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?<y>\d{{4}}))?\b", Opt);

    public static readonly Regex Amount = new(
        $@"(?<cur>[€$£])\s?(?<num>{Digits})|(?<num>{Digits}|{Words})\s?(?<cur>€|eur\b|euros?\b|usd\b|us\s?dollars?\b|dollars?\b|gbp\b|pounds?\b|livres?\s+sterling\b|£|\$)", Opt);

    public static readonly Regex Duration = new(
        $@"(?<num>\d+(?:[.,]\d+)?|{Words}|\ban?\b)\s?-?\s?(?<unit>business\s+days?|working\s+days?|jours?\s+ouvr[ée]s|jours?\s+ouvrables|days?\b|jours?\b|j\b|hours?\b|heures?\b|hrs?\b|h\b|weeks?\b|semaines?\b|months?\b|mois\b|minutes?\b|mins?\b)", Opt);

    /// <summary>Clause boundaries: negation scope stops here.</summary>
    public static readonly Regex ClauseBreak = new(@"[.;:!?]+(?=\s|$)|\n+|,\s|\s(?:and|et|but|mais|whereas|however|cependant|toutefois|while)\s", Opt);
    public static readonly Regex SentenceBreak = new(@"(?<=[.!?])\s+|\n+", Opt);

    /// <summary>Negation and refusal cues (FR + EN). "no" only as a determiner that is not "no cost / no problem".</summary>
    public static readonly Regex Negation = new(
        @"\b(?:not|cannot|never|too\s+late|trop\s+tard|can\s+only|may\s+only|could\s+only|nothing|neither|nor|unable|unfortunately|no\s+longer|ineligible|declin\w*|denied|deny|reject\w*|refus\w*|ne|ni|pas|jamais|aucun\w*|rien|impossible|plus\s+possible)\b|n['’]t\b|\bn['’]|\bno\s+(?!cost|charge|fee|extra|additional|problem|worries|need|further|more)\w+",
        Opt);
    /// <summary>Negations that are not refusals ("no need to", "pas besoin", "nothing more will be charged").</summary>
    public static readonly Regex BenignNegation = new(
        @"\b(?:no\s+need|don['’]t\s+need|do\s+not\s+need|pas\s+besoin|nothing\s+(?:more|else|further)|rien\s+d['’]autre|plus\s+rien|n['’]h[ée]sitez|don['’]t\s+hesitate)\b|\bne\s+(?:\S+\s+){1,2}que\s+(?=\d|quelques|un\b|une\b|deux|trois)|\bn['’]\S+\s+(?:\S+\s+)?que\s+(?=\d|quelques|un\b|une\b|deux|trois)", Opt);

    public static readonly Regex CallCue = new(@"\b(?:call\w*|phone|ring|telephone|appel\w*|t[ée]l[ée]phon\w*)\b", Opt);
    public static readonly Regex OnlineCue = new(@"\b(?:online|en\s+ligne|website|site\s+(?:web|internet)|sign\s+in|log\s+in|connectez|formulaire|web\s+form|espace\s+client|customer\s+area|our\s+app|l['’]application)\b", Opt);
    public static readonly Regex WriteCue = new(@"\b(?:write|email\w*|e-mail\w*|[ée]cri\w*|courriel)\b", Opt);
    public static readonly Regex StoreCue = new(@"\b(?:in\s+store|(?:visit|go\s+to)\s+(?:a|one\s+of\s+our|our)\s+(?:store|shop|branch)|en\s+(?:magasin|boutique|agence))\b", Opt);

    /// <summary>What a delay or an amount is about, tried in this order on its clause.</summary>
    public static readonly (string Role, Regex Pattern)[] DurationRoles =
    [
        ("money", new(@"\b(?:rembours\w*|refund\w*|reimburs\w*|cr[ée]dit\w*|fonds|funds|argent|money|r[ée]cup[ée]r\w*|restitu\w*|relev[ée]|statement|back|virement|transfer\w*)\b", Opt)),
        ("validity", new(@"\b(?:valid\w*|valable|expir\w*|link|lien|code)\b", Opt)),
        ("delivery", new(@"\b(?:livr\w*|deliver\w*|arriv\w*|reach\w*|re[çc]ev\w*|receiv\w*|ship\w*|exp[ée]di\w*|transporteur|carrier|colis|parcel|envoi)\b", Opt)),
    ];
    public static readonly (string Role, Regex Pattern)[] AmountRoles =
    [
        ("fee", new(@"\b(?:frais|fees?|commission|p[ée]nalit[ée]s?|penalty|surcharge)\b", Opt)),
        ("money", new(@"\b(?:rembours\w*|refund\w*|reimburs\w*|cr[ée]dit\w*|r[ée]cup[ée]r\w*|restitu\w*|back|paiement|payment|d[ée]bit\w*|charge\w*|pr[ée]lev\w*)\b", Opt)),
    ];

    /// <summary>Decision topics: the action whose polarity (done / refused) answers must agree on.</summary>
    public static readonly (string Topic, Regex Pattern)[] Topics =
    [
        ("refund", new(@"\b(?:rembours\w*|refund\w*|reimburs\w*|recr[ée]dit\w*|re-?credit\w*|cr[ée]dit[ée]\w*|credited|restitu\w*|r[ée]cup[ée]r\w*|money\s+back|revers\w*)\b|\b(?:get|expect|receive|have)\b[^.;:,]{0,30}\bback\b", Opt)),
        ("cancel", new(@"\b(?:cancel\w*|annul\w*|r[ée]sili\w*)\b", Opt)),
        ("replace", new(@"\b(?:replac\w*|remplac\w*|resend\w*|re-?ship\w*|renvoi|renvoyer|renverr\w*|r[ée]exp[ée]di\w*|nouvel\s+envoi|new\s+one)\b", Opt)),
        ("address", new(@"\b(?:adresse|address)\b(?!\s*(?:e-?mail|électronique))", Opt)),
        ("fraud", new(@"\b(?:fraud\w*|fraude\w*|frauduleu\w*)\b", Opt)),
        ("unlock", new(@"\b(?:unlock\w*|unblock\w*|d[ée]bloqu\w*|reactivat\w*|r[ée]activ\w*)\b", Opt)),
    ];
}
