using Inbox.Core.Duplicates;

namespace Inbox.Benchmarks.Duplicates;

/// <summary>
/// Tens of thousands of distinct people: ~150 French and English first names × ~260 surnames (≈ 39,000
/// full names, skewed so that common names are common: namesakes exist at 1M messages, as in real life),
/// each person with their own handle and email address and a per-channel way of showing their name.
/// Everything is a pure function of the person id, so a duplicate's sender is the same person.
/// </summary>
public static class SyntheticPeople
{
    private static readonly string[] Firsts = """
        marie lea camille julien thomas lucas emma chloe hugo sarah manon antoine pauline mathieu nicolas
        louise jade alice lina rose anna ines juliette zoe mila ambre julia lou agathe eva clara romane
        gabriel louis raphael arthur jules adam mael leo noah paul nathan victor theo martin tom maxime
        alexandre baptiste quentin romain guillaume florian kevin mickael sebastien stephane olivier
        isabelle nathalie sylvie catherine christine sophie celine sandrine valerie aurelie emilie elodie
        oliver jack harry george charlie jacob alfie freddie oscar william james henry archie joshua
        amelia olivia isla ava emily grace lily sophia mia ella ruby evie poppy isabella florence
        daniel ryan liam ethan mason logan lucy katie hannah megan chloe lauren jessica rebecca amy laura
        david michael john robert richard joseph mark steven andrew peter simon ben sam matt chris
        fatima yasmine nadia karim mehdi sofiane amine youssef leila samira omar bilal rayan ilyes
        priya anil ravi sunita chen wei ming li hiro yuki kenji aiko maria jose carlos ana luis pedro
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();

    private static readonly string[] Lasts = """
        martin bernard dubois thomas robert richard petit durand leroy moreau simon laurent lefebvre
        michel garcia david bertrand roux vincent fournier morel girard andre lefevre mercier dupont
        lambert bonnet francois martinez legrand garnier faure rousseau blanc guerin muller henry
        roussel nicolas perrin morin mathieu clement gauthier dumont lopez fontaine chevalier robin
        masson sanchez gerard nguyen boyer denis lemaire duval joly gautier roger roche roy noel meyer
        lucas meunier jean perez marchand dufour blanchard marie barbier brun dumas brunet schmitt
        leroux colin fernandez pierre renard arnaud rolland caron aubert giraud leclerc vidal bourgeois
        renaud lemoine picard gaillard philippe leclercq lacroix fabre dupuis olivier rodriguez da
        silva hubert louis charles guillot riviere le guillaume adam rey moulin gonzalez berger lecomte
        menard fleury deschamps carpentier julien benoit paris maillard marchal aubry vasseur le gall
        smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson
        wright walker white edwards hughes green hall lewis harris clarke patel jackson wood turner
        martin cooper hill ward morris moore clark lee king baker harrison morgan allen james scott
        phillips watson davis parker price bennett young griffiths mitchell kelly cook carter richardson
        bailey collins bell shaw murphy miller cox richards khan marshall anderson simpson ellis adams
        singh begum wilkinson foster chapman powell webb rogers gray mason ali hunt hussain campbell
        matthews owen palmer holmes mills barnes knight lloyd butler russell barker fisher stevens
        jenkins murray dixon harvey graham pearson ahmed fletcher walsh kaur gibson howard andrews
        stewart elliott reynolds saunders payne fox ford pearce day brooks west lawrence cole atkinson
        bradley spencer gill dawson ball burton obrien watts rose booth perry ryan grant wells armstrong
        francis rees hayes hart hudson newman barrett webster hunter gregory carr lowe page marsh riley
        dennis bouchard tremblay gagnon roy cote gauthier morin lavoie fortin ouellet pelletier belanger
        benali haddad mansouri belkacem cherif boudiaf amrani ziani kaci saidi meziane rahmani
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 3).Distinct().ToArray();

    private static readonly string[] Domains = ["gmail.com", "yahoo.fr", "orange.fr", "outlook.com", "hotmail.co.uk", "free.fr", "icloud.com", "laposte.net"];

    public static int DistinctFullNames => Firsts.Length * Lasts.Length;

    public static (string First, string Last) NameOf(long person)
    {
        var h = Mix((ulong)person);
        // u² skews toward the start of each list: a few very common names, a long tail of rare ones.
        double U(ulong bits) => (bits & 0xFFFFFF) / (double)0x1000000;
        var f = U(h);
        var l = U(h >> 24);
        return (Firsts[(int)(f * f * Firsts.Length)], Lasts[(int)(l * (0.4 + 0.6 * l) * Lasts.Length)]);
    }

    /// <summary>How one person shows up on one channel: display name, handle, email (as the platforms give them).</summary>
    public static PersonNames NamesOf(long person, string channel)
    {
        var (first, last) = NameOf(person);
        var h = Mix((ulong)person ^ 0x5bd1e995);
        var style = (int)(h % 4);
        var digits = (h >> 8) % 1000;
        return channel switch
        {
            "email" => PersonNames.From(style == 3 ? null : Cap(first) + " " + Cap(last), null, style switch
            {
                0 => $"{first}.{last}@{Domains[(h >> 20) % (ulong)Domains.Length]}",
                1 => $"{first[0]}{last}{digits}@{Domains[(h >> 20) % (ulong)Domains.Length]}",
                _ => $"{first}{last}{digits % 100}@{Domains[(h >> 20) % (ulong)Domains.Length]}",
            }),
            "x" => PersonNames.From(style switch { 0 => $"{Cap(first)} {Cap(last)}", 1 => $"{Cap(first)} {char.ToUpperInvariant(last[0])}.", 2 => Cap(first), _ => $"{char.ToUpperInvariant(first[0])}. {Cap(last)}" },
                style % 2 == 0 ? $"{first}{last[..3]}{digits % 100}" : $"{first[0]}_{last}{digits % 10}", null),
            "whatsapp" => PersonNames.From(style == 0 ? Cap(first) : Cap(first) + " " + Cap(last), null, null),
            _ => PersonNames.From(style == 1 ? $"{Cap(first)} {char.ToUpperInvariant(last[0])}." : Cap(first) + " " + Cap(last), null, null),
        };
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33; x *= 0xff51afd7ed558ccdUL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53UL; x ^= x >> 33;
        return x;
    }

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
