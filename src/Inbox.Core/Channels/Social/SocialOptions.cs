namespace Inbox.Core.Channels.Social;

/// <summary>"Inbox:Meta": one Meta app serving several Pages, Instagram accounts and WhatsApp numbers.</summary>
public sealed class MetaOptions
{
    /// <summary>Signs every webhook (X-Hub-Signature-256). Unset disables /webhooks/meta.</summary>
    public string? AppSecret { get; set; }
    /// <summary>The string Meta echoes in hub.verify_token when the webhook is registered.</summary>
    public string? VerifyToken { get; set; }
    public string GraphBaseUrl { get; set; } = "https://graph.facebook.com";
    /// <summary>Instagram Login sends go to graph.instagram.com; empty means GraphBaseUrl.</summary>
    public string? InstagramBaseUrl { get; set; }
    public string ApiVersion { get; set; } = "v21.0";
    public List<MetaPage> Pages { get; set; } = [];
    public List<MetaInstagramAccount> Instagram { get; set; } = [];
    public List<MetaWhatsAppNumber> WhatsApp { get; set; } = [];
    /// <summary>
    /// An approved WhatsApp template with one body parameter, used to answer outside the 24 h window
    /// (e.g. "Follow-up on your request: {{1}}"). Unset: such replies are refused with "template required".
    /// </summary>
    public WhatsAppTemplate? WhatsAppFollowUpTemplate { get; set; }

    public string? PageToken(string pageId) => Pages.FirstOrDefault(p => p.Id == pageId)?.Token;
    public string? InstagramToken(string igId) => Instagram.FirstOrDefault(p => p.Id == igId)?.Token;
    public string? WhatsAppToken(string phoneNumberId) => WhatsApp.FirstOrDefault(p => p.PhoneNumberId == phoneNumberId)?.Token;
}

public sealed class MetaPage { public string Id { get; set; } = ""; public string? Name { get; set; } public string? Token { get; set; } }
public sealed class MetaInstagramAccount { public string Id { get; set; } = ""; public string? Token { get; set; } }
public sealed class WhatsAppTemplate { public string Name { get; set; } = ""; public string Language { get; set; } = "en"; }
public sealed class MetaWhatsAppNumber { public string PhoneNumberId { get; set; } = ""; public string? Token { get; set; } }

/// <summary>"Inbox:X": the app's consumer secret (webhook signatures, CRC) and the subscribed support accounts.</summary>
public sealed class XOptions
{
    public string? ConsumerSecret { get; set; }
    public string ApiBaseUrl { get; set; } = "https://api.x.com";
    public List<XAccount> Accounts { get; set; } = [];

    public string? Token(string userId) => Accounts.FirstOrDefault(a => a.UserId == userId)?.Token;
}

/// <summary>Token is a user-context access token (OAuth 2.0 with tweet.write and dm.write).</summary>
public sealed class XAccount { public string UserId { get; set; } = ""; public string? Handle { get; set; } public string? Token { get; set; } }
