using Inbox.Core.Intake;
using Inbox.Core.Model;

namespace Inbox.Core.Replay;

/// <summary>
/// Maps an inbound scenario event to the NormalizedMessage its channel's normalizer produces (COMMON.md
/// identity conventions): email identity = lower-case address; Messenger PSID; Instagram IGSID; WhatsApp
/// wa_id (also the phone); X user id with the handle, mentions public and DMs private; external ids per
/// Scenario.ExternalId. Used to feed channels whose receiving path is not available (tuning, benchmarks, tests).
/// </summary>
public static class ScenarioMessages
{
    public static NormalizedMessage ToMessage(ScenarioEvent e, DateTimeOffset? at = null)
    {
        if (e.Direction != "in") throw new ArgumentException($"{e.Id} is not an inbound event");
        var c = e.Customer ?? new ScenarioCustomer();
        var customer = e.Channel switch
        {
            ChannelName.Email => new IdentityInfo(ChannelName.Email, (c.Email ?? $"{e.Id}@scenario.invalid").ToLowerInvariant(), c.Name, Email: c.Email),
            ChannelName.Messenger => new IdentityInfo(ChannelName.Messenger, Require(c.Psid, e, "psid"), c.Name),
            ChannelName.Instagram => new IdentityInfo(ChannelName.Instagram, Require(c.Igsid, e, "igsid"), c.Name, Handle: c.Handle),
            ChannelName.WhatsApp => new IdentityInfo(ChannelName.WhatsApp, Require(c.WaId, e, "wa_id"), c.Name, Phone: c.WaId),
            ChannelName.X => new IdentityInfo(ChannelName.X, Require(c.XId, e, "x_id"), c.Name, Handle: c.Handle),
            _ => new IdentityInfo(e.Channel, c.Email ?? c.Handle ?? e.Id, c.Name, Email: c.Email),
        };
        return new NormalizedMessage
        {
            Channel = e.Channel,
            ExternalId = Scenario.ExternalId(e.Channel, e.Id),
            Customer = customer,
            Text = e.Text,
            Subject = e.Channel == ChannelName.Email ? e.Subject : null,
            SentAt = (at ?? e.At).ToUnixTimeMilliseconds(),
            IsPublic = e.Channel == ChannelName.X && e.Kind != "dm",
        };
    }

    private static string Require(string? value, ScenarioEvent e, string field) =>
        value ?? throw new FormatException($"{e.Id}: {e.Channel} event without customer.{field}");
}
