using System.Text.RegularExpressions;

namespace FollowUp.Engine.Inbound;

/// <summary>Finds a reply's request, in words, to be sent nothing more: "please remove me", "unsubscribe", "stop emailing me".</summary>
/// <remarks>
/// It is deliberately conservative, since a wrong answer opts out someone who wanted to hear more, while a missed one
/// still halts the sequence (every reply does). It reads only the reply's own new text: quoted lines (<c>&gt;</c>), and
/// everything from an attribution line ("On … wrote:" and its translations), an Outlook header block
/// (<c>From:</c> then <c>Sent:</c> or <c>Date:</c>), an "Original Message" line or a signature delimiter (<c>-- </c>)
/// on, are dropped; and of what is left, only the first <see cref="SentencesRead"/> sentences. A phrase counts only
/// when it names the writer (me, us) or ends its sentence, so "unsubscribe my colleague" does not; when no negation
/// (don't, nicht, ne, no, niet, inte, älä, nie…) comes before it in its clause; and, in a question, only when the
/// question is a polite request ("Could you remove me?"), never an enquiry ("How do I unsubscribe?"). It covers the
/// languages of <c>AutoReplyDetector</c>: English, German, French, Spanish, Italian, Portuguese, Dutch, Swedish,
/// Norwegian, Danish, Finnish and Polish.
/// </remarks>
public static partial class StopRequestDetector
{
    /// <summary>How many sentences of the new text are read.</summary>
    public const int SentencesRead = 4;

    /// <summary>The longest phrase returned; a longer match is cut.</summary>
    public const int MaxPhraseLength = 120;

    /// <summary>The words of the reply that ask to be sent nothing more, as written; null when it does not clearly ask.</summary>
    public static string? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var sentence in Sentences(NewText(text)).Take(SentencesRead))
        {
            if (Request(sentence) is { } phrase)
            {
                return phrase.Length <= MaxPhraseLength ? phrase : phrase[..MaxPhraseLength];
            }
        }

        return null;
    }

    /// <summary>The reply's own lines: without quoted lines, and cut at the first attribution, forwarded header block, original-message line or signature.</summary>
    private static List<string> NewText(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line == "-- " || line.Trim() == "--" || OriginalMessage().IsMatch(line) || IsOutlookHeaderBlock(lines, i))
            {
                break;
            }

            if (Attribution().IsMatch(line))
            {
                if (kept.Count > 0 && AttributionOpener().IsMatch(kept[^1]))
                {
                    kept.RemoveAt(kept.Count - 1);
                }

                break;
            }

            if (!line.TrimStart().StartsWith('>'))
            {
                kept.Add(line);
            }
        }

        return kept;
    }

    /// <summary>Whether line <paramref name="index"/> begins the header block Outlook puts above a quoted message: <c>From:</c>, then <c>Sent:</c> or <c>Date:</c> within three lines.</summary>
    private static bool IsOutlookHeaderBlock(string[] lines, int index) =>
        HeaderFrom().IsMatch(lines[index]) && lines.Skip(index + 1).Take(3).Any(line => HeaderSent().IsMatch(line));

    /// <summary>The sentences of the lines, in order: split at line ends and at <c>.</c>, <c>!</c> or <c>?</c> followed by a space.</summary>
    private static IEnumerable<string> Sentences(List<string> lines) =>
        lines.SelectMany(line => SentenceEnd().Split(line.Replace('’', '\'')))
            .Select(sentence => sentence.Trim())
            .Where(sentence => sentence.Any(char.IsLetter));

    /// <summary>The first stop phrase of the sentence that is its clear request, or null.</summary>
    private static string? Request(string sentence)
    {
        var question = sentence.EndsWith('?');
        foreach (Match match in StopPhrase().Matches(sentence))
        {
            var clause = ClauseStart().Split(sentence[..match.Index])[^1];
            if (!Negation().IsMatch(clause) && (!question || PoliteRequest().IsMatch(clause)))
            {
                return match.Value.Trim();
            }
        }

        return null;
    }

    /// <summary>What may follow a phrase that takes an object or a place: the end of the sentence or clause, or a word of politeness or haste.</summary>
    private const string Done =
        @"(?=\s*(?:$|[.!?,;)]|please\b|pls\b|thanks?\b|thank\s+you\b|asap\b|now\b|immediately\b|bitte\b|danke\b|merci\b|svp\b|gracias\b|por\s+favor\b|grazie\b|obrigad[oa]\b|aub\b|alstublieft\b|bedankt\b|tack\b|takk\b|tak\b|kiitos\b|dziękuję\b|dzięki\b))";

    /// <summary>An English list of mail: "your (mailing) list", "these emails".</summary>
    private const string ListNoun =
        @"(?:your|the|this|all|any|these)\s+(?:[\w-]+\s+){0,2}(?:list|lists|database|emails?|e-mails?|mailings?|newsletters?|contacts?|distribution|campaign|sequence)\b";

    /// <summary>Where an English removal ends: "from your (mailing) list", or nothing.</summary>
    private const string FromList = @"(?:\s+(?:from|off)\s+" + ListNoun + ")?" + Done;

    /// <summary>Where "take me off" ends: "your (mailing) list", or nothing.</summary>
    private const string OffList = @"(?:\s+" + ListNoun + ")?" + Done;

    /// <summary>A few words inside a phrase ("tragen Sie mich [aus Ihrem Verteiler] aus"), never a negation.</summary>
    private const string Gap = @"(?:(?!\b(?:nicht|nie|niemals|kein\w*|niet|nooit|not)\b)[^.!?]){0,40}?";

    [GeneratedRegex(@"(?<=[.!?])\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[,;:(]|\s[-–—]\s|\b(?:but|aber|mais|pero|ma|mas|maar|men|mutta|ale)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClauseStart();

    [GeneratedRegex(
        @"\b(?:wrote|schrieb|a écrit|escribió|ha scritto|escreveu|schreef|skrev|kirjoitti|napisał|napisała)\b.{0,80}:\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^\s*(?:On|Am|Le|El|Il|Em|Op|Den|På|W dniu)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AttributionOpener();

    [GeneratedRegex(
        @"^\s*-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|mensagem original|oorspronkelijk bericht|originalmeddelande|opprinnelig melding|oprindelig meddelelse|alkuperäinen viesti|oryginalna wiadomość)\s*-{2,}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^\s*\*?(?:From|Von|De|Da|Van|Från|Fra|Lähettäjä|Od)\*?\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(
        @"^\s*\*?(?:Sent|Date|Gesendet|Datum|Envoyé|Enviado|Fecha|Inviato|Data|Verzonden|Skickat|Sendt|Lähetetty|Wysłano|Wysłane)\*?\s*:",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderSent();

    /// <summary>A clause that is only a polite opener of a request ("Could you please", "Können Sie", "Pourriez-vous"), with nothing else before the phrase.</summary>
    [GeneratedRegex(
        @"^\W*(?:hi\b|hello\b|hallo\b|hej\b)?\W*(?:please|pls|kindly|(?:can|could|would|will)\s+(?:you|u)|(?:können|könnten|würden)\s+sie|(?:kannst|könntest)\s+du|bitte|(?:pouvez|pourriez)[- ]vous|(?:peux|pourrais)[- ]tu|merci\s+de|(?:puede|podría|pueden|podrían|puedes|podrías)(?:\s+usted(?:es)?)?|por\s+favor|(?:può|potrebbe|potete|potreste|puoi|potresti)|per\s+favore|(?:pode|poderia|podem|poderiam)|(?:kunt|wilt|zou|kan|wil)\s+(?:u|je|jij)|(?:kan|kunde|kunne)\s+(?:du|ni|dere|i)|voi(?:tko|tteko|sitteko|sitko)|czy\s+(?:może|mogą|mogliby|możecie|możesz|mógłby)(?:\s+pan|\s+pani|\s+państwo)?|proszę)"
        + @"(?:\s+(?:please|kindly|just|bitte|mal|s'il\s+vous\s+plaît|por\s+favor|per\s+favore|aub|alstublieft|vänligen|venligst|ystävällisesti))?\W*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PoliteRequest();

    [GeneratedRegex(
        @"\b(?:don't|dont|do\s+not|does\s+not|doesn't|did\s+not|didn't|never|not|won't|wouldn't|no\s+need\s+to|nicht|nie|niemals|kein\w*|ne|pas|jamais|no|non|nunca|mai|não|niet|nooit|geen|inte|ikke|ej|aldrig|aldri|älä|älkää|en|ei)\b|\bn'",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negation();

    [GeneratedRegex(
        @"(?:"
        // English
        + @"(?<=^\W*(?:please\s+)?)(?:remove\s+me|unsubscribe\s+me|stop|unsubscribe|remove)(?=(?:\s+(?:please|pls|thanks|thank\s+you|now))?\W*$)"
        + @"|\bunsubscribe(?:\s+(?:me|us))?(?:\s+from\s+(?:your|the|this|all|any|these)\s+(?:[\w-]+\s+){0,2}(?:list|lists|emails?|mailings?|newsletters?))?" + Done
        + @"|\b(?:remove|delete)\s+(?:me|us|my\s+(?:e-?mail\s+)?(?:address|details|name)|my\s+e-?mail)" + FromList
        + @"|\btake\s+(?:me|us|my\s+(?:email|e-mail|address|name))\s+off" + OffList
        + @"|\bstop\s+(?:emailing|e-mailing|mailing|contacting|messaging|texting|spamming|writing\s+to|sending\s+(?:me|us))(?:\s+(?:me|us|emails|messages|texts|this))?"
        + @"|\b(?:don't|do\s+not)\s+(?:email|e-mail|contact|message|text|write\s+to)\s+(?:me|us)\s+(?:again|anymore|any\s+more)"
        + @"|\bno\s+more\s+(?:emails|e-mails|messages|texts|mails?)" + Done
        + @"|\bopt\s+(?:me\s+|us\s+)?out\b(?!\s+of\s+(?:the\s+)?(?:meeting|call|event|trial|plan))"
        // German
        + @"|\b(?:melden|tragen)\s+sie\s+mich\b" + Gap + @"\b(?:ab|aus)\b"
        + @"|\b(?:entfernen|streichen|löschen|nehmen)\s+sie\s+mich\b(?:" + Gap + @"\b(?:verteiler|liste|newsletter|mailingliste|e-mail-liste)\w*" + Done + "|" + Done + ")"
        + @"|\bmich\b" + Gap + @"\b(?:abmelden|abbestellen|austragen)\b"
        + @"|\bkeine\s+(?:weiteren\s+)?(?:e-?mails|mails|nachrichten|werbung)\s+mehr\b"
        // French
        + @"|\b(?:me|nous)\s+désinscri(?:re|vez|s)\b|\bdésinscri(?:vez|s)[- ](?:moi|nous)\b|\bje\s+me\s+désinscris\b"
        + @"|\b(?:retirez|supprimez|enlevez|rayez)[- ](?:moi|nous)\b(?:\s+de\s+(?:votre|la|vos|cette)\s+(?:[\w-]+\s+){0,2}(?:liste|listes|fichier|base|newsletter))?" + Done
        + @"|\bne\s+(?:m'|me\s+|nous\s+)(?:contactez|écrivez|envoyez)\s+plus\b|\barrêtez\s+de\s+(?:m'|me\s+)(?:envoyer|écrire|contacter)\b"
        // Spanish
        + @"|\b(?:dar(?:me|nos)?|den(?:me|nos)|déme|denos)\s+de\s+baja\b"
        + @"|\b(?:elimíname|elimínenme|eliminadme|elimíneme|sácame|sáquenme|bórrame|bórrenme|quítame|quítenme)(?:\s+de\s+(?:su|tu|vuestra|la|sus)\s+(?:[\w-]+\s+){0,2}(?:lista|base|correos|listas))?" + Done
        + @"|\bno\s+me\s+(?:envíen|envíes|escriban|escribas|contacten|contactes|manden|mandes)\s+más\b"
        // Italian
        + @"|\b(?:disiscrivetemi|disiscrivimi|disiscrivermi)\b|\bannullare\s+(?:la\s+mia\s+)?iscrizione\b"
        + @"|\b(?:cancellatemi|cancellami|cancellarmi|rimuovetemi|rimuovimi|rimuovermi|toglietemi|toglimi|togliermi)(?:\s+(?:dalla|dalle|dai|dal)\s+(?:[\w-]+\s+){0,2}(?:lista|liste|mailing|newsletter|indirizzario|database))?" + Done
        + @"|\bnon\s+(?:scrivetemi|contattatemi|inviatemi|mandatemi)\s+più\b"
        // Portuguese
        + @"|\b(?:descadastr(?:e|a|em)[- ]me|me\s+descadastr\w+|descadastrar(?:-me)?)\b"
        + @"|\b(?:remova|removam|tirem|retire|retirem)[- ]me(?:\s+(?:da|das|de)\s+(?:sua|vossa|tua|lista)\s*(?:[\w-]+\s+){0,2}(?:lista|listas|mailing|newsletter)?)?" + Done
        + @"|\bnão\s+me\s+(?:enviem|envie|mandem|mande|escrevam|contatem|contactem)\s+mais\b"
        // Dutch
        + @"|\b(?:schrijf|schrijft)\s+(?:me|mij|ons)\b" + Gap + @"\buit\b|\b(?:me|mij)\s+(?:graag\s+)?(?:uitschrijven|afmelden)\b"
        + @"|\bverwijder\s+(?:me|mij|ons)(?:\s+(?:uit|van)\s+(?:uw|je|jullie|de|het)\s+(?:[\w-]+\s+){0,2}(?:lijst|mailinglijst|bestand|database|nieuwsbrief))?" + Done
        + @"|\bgeen\s+(?:e-?mails|mails|berichten)\s+meer\b"
        // Swedish, Norwegian, Danish
        + @"|\bavregistrera\s+(?:mig|oss)\b|\bavsluta\s+(?:min\s+)?prenumeration(?:en)?\b|\b(?:avmeld|afmeld)\s+(?:meg|mig|oss)\b|\bmeld\s+(?:meg|mig|oss)\s+(?:av|ud|fra)\b"
        + @"|\b(?:ta\s+bort|fjern|slett|radera)\s+(?:mig|meg|oss)(?:\s+(?:från|fra)\s+(?:[\w-]+\s+){0,2}(?:listan|lista|listen|utskicket|mailinglisten|e-postlistan|nyhetsbrevet))?" + Done
        + @"|\b(?:sluta|slutt|stop)\s+(?:att\s+|å\s+|med\s+at\s+)(?:maila|mejla|skicka|sende)\b|\bsluta\s+(?:maila|mejla|skicka)\b"
        // Finnish
        + @"|\bpoista(?:a|kaa)?\s+minut(?:\s+(?:\w+\s+)?\w*(?:listalta|rekisteristä))?" + Done
        + @"|\bperu(?:kaa)?\s+(?:tilaus|tilaukseni)\b|\blopettakaa\s+(?:viestien|sähköpostien)\s+lähettäminen\b"
        // Polish
        + @"|\b(?:wypisz(?:cie)?\s+mnie|mnie\s+wypisać|wypisać\s+mnie)\b|\bproszę\s+o\s+(?:wypisanie|usunięcie)\b"
        + @"|\busuń(?:cie)?\s+mnie(?:\s+z\s+(?:[\w-]+\s+){0,2}(?:listy|bazy|newslettera|mailingu))?" + Done
        + @")",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StopPhrase();
}
