using Inbox.Core.Model;
using MimeKit;

namespace Inbox.Core.Channels.Email;

/// <summary>
/// Cc and Bcc. A customer who copies a colleague or their bank expects the answer to reach them too: a customer's mail
/// keeps the other people it went to (To and Cc, without our own addresses and the sender), the page offers them as the
/// reply's Cc, and a reply's Cc and Bcc go out with it. Stored as one RFC 5322 address list.
/// </summary>
public static class EmailCopies
{
    /// <summary>Addresses in one field: a mail to a whole list belongs in a mailing tool, not a support reply.</summary>
    public const int MaxAddresses = 20;

    /// <summary>
    /// What an agent typed in a Cc or Bcc field ("lea@example.com, Bob &lt;bob@example.org&gt;"; a semicolon separates as a
    /// comma does) as the list stored; null when empty. Each must be one mailbox with an address.
    /// </summary>
    public static (string? List, Refusal? Error) Parse(string? input, bool blind = false)
    {
        if (string.IsNullOrWhiteSpace(input)) return (null, null);
        var (field, fieldFr) = blind ? ("Bcc", "Cci") : ("Cc", "Cc");
        var text = input.Replace(';', ',').Replace('\n', ',').Replace('\r', ' ');
        if (!InternetAddressList.TryParse(text, out var list))
            return (null, new Refusal($"{field}: '{input.Trim()}' is not a list of email addresses",
                $"{fieldFr} : « {input.Trim()} » n’est pas une liste d’adresses e-mail"));
        var mailboxes = new List<MailboxAddress>();
        foreach (var a in list)
        {
            if (a is not MailboxAddress { Address: var address } m || !IsAddress(address))
                return (null, new Refusal($"{field}: '{a}' is not an email address", $"{fieldFr} : « {a} » n’est pas une adresse e-mail"));
            if (!mailboxes.Any(x => Same(x.Address, m.Address))) mailboxes.Add(m);
        }
        if (mailboxes.Count > MaxAddresses)
            return (null, new Refusal($"{field}: at most {MaxAddresses} addresses", $"{fieldFr} : {MaxAddresses} adresses au plus"));
        return (mailboxes.Count == 0 ? null : Format(mailboxes), null);
    }

    /// <summary>
    /// The other people a customer's mail went to: its To and Cc, without the sender, the support address it reached
    /// (any +detail aside), our configured mailboxes and From address, and the reply addresses we hand out (reply+token@…).
    /// </summary>
    public static string? OthersOf(MimeMessage mime, string sender, string account, EmailOptions options)
    {
        var ours = new List<string> { account, sender };
        ours.AddRange(options.Mailboxes.Select(m => m.Address));
        if (MailboxAddress.TryParse(options.Smtp.From ?? "", out var from)) ours.Add(from.Address);
        var prefix = options.ReplyAddressPrefix + "+";
        var others = new List<MailboxAddress>();
        foreach (var m in mime.To.Mailboxes.Concat(mime.Cc.Mailboxes))
        {
            if (!IsAddress(m.Address) || m.Address.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            if (ours.Any(o => Same(WithoutDetail(o), WithoutDetail(m.Address))) || others.Any(x => Same(x.Address, m.Address))) continue;
            if (others.Count == MaxAddresses) break;
            others.Add(m);
        }
        return others.Count == 0 ? null : Format(others);
    }

    /// <summary>Adds a stored list to a mail's field, leaving out the addresses it already goes to.</summary>
    public static void AddTo(InternetAddressList field, string? stored, IEnumerable<MailboxAddress> already)
    {
        if (string.IsNullOrWhiteSpace(stored) || !InternetAddressList.TryParse(stored, out var list)) return;
        var taken = already.Select(a => a.Address).ToList();
        foreach (var m in list.Mailboxes)
            if (!taken.Any(t => Same(t, m.Address))) field.Add(m);
    }

    /// <summary>"Marc Roux &lt;marc@example.com&gt;, conseiller@banque.example": a name is quoted only where it must be (a comma in it).</summary>
    private static string Format(IEnumerable<MailboxAddress> mailboxes) => string.Join(", ", mailboxes.Select(m =>
        string.IsNullOrWhiteSpace(m.Name) ? m.Address
        : m.Name.IndexOfAny(Specials) >= 0 ? $"\"{m.Name.Replace("\\", "").Replace("\"", "")}\" <{m.Address}>"
        : $"{m.Name.Trim()} <{m.Address}>"));

    private static readonly char[] Specials = ['(', ')', '<', '>', '[', ']', ':', ';', '@', '\\', ',', '.', '"'];

    private static bool IsAddress(string? address) =>
        address is { Length: > 2 and <= 254 } && address.IndexOf('@') is > 0 and var at && at < address.Length - 1;

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>support+anything@example.com is support@example.com.</summary>
    private static string WithoutDetail(string address)
    {
        var at = address.IndexOf('@');
        var plus = address.IndexOf('+');
        return plus > 0 && plus < at ? address[..plus] + address[at..] : address;
    }
}
