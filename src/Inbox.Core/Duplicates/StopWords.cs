namespace Inbox.Core.Duplicates;

/// <summary>
/// Small French and English stop-word lists (folded: no accents, no elided letters), plus the filler of
/// support requests ("please", "help", "I have a problem", "petite question") that every request carries
/// whatever it is about.
/// </summary>
public static class StopWords
{
    private static readonly HashSet<string> Words = new(
        """
        a an the and or but if then so of to in on at by for from with without about into over under up down out
        is are was were be been being am do does did doing have has had having will would shall should can could
        may might must i me my mine myself we us our you your yours he him his she her it its they them their
        this that these those there here what which who whom whose when where why how not no nor just too very
        as than also again still yet any some all each other such only own same both few more most much many
        get got getting let lets im ive id dont didnt doesnt cant cannot wont isnt arent wasnt havent hasnt
        please pls plz thanks thank thx help hello hi hey dear team regards cheers ok okay need want would like
        problem problems issue question quick
        le la les un une des du de d l au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos
        leur leurs je j tu il elle on nous vous ils elles me m te t se s lui y en qui que qu quoi dont ou où
        et mais donc or ni car si ne n pas plus moins tres trop bien aussi encore deja toujours jamais
        est sont suis es etes sommes etait etaient ete etre avoir ai as avons avez ont avait avaient eu
        fait faire fais peux peut pouvez pouvoir veux veut voudrais voulez dois doit devez
        dans sur sous avec sans pour par chez vers entre depuis pendant avant apres
        ca cela ceci celui celle quel quelle quels quelles comment pourquoi quand combien
        merci bonjour bonsoir salut svp stp sil plait aide besoin madame monsieur equipe cordialement
        probleme problemes souci question petite
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    public static bool Contains(string folded) => Words.Contains(folded);
}
