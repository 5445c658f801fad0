namespace Inbox.Core.Model;

/// <summary>The channel names used in storage, the API, the UI and scenario files.</summary>
public static class ChannelName
{
    public const string Email = "email";
    public const string Messenger = "messenger";
    public const string Instagram = "instagram";
    public const string WhatsApp = "whatsapp";
    public const string X = "x";
    public const string WebChat = "webchat";

    public static readonly IReadOnlyList<string> All = [Email, Messenger, Instagram, WhatsApp, X, WebChat];

    /// <summary>Chat channels thread by identity and idle gap rather than by headers.</summary>
    public static bool IsChat(string channel) => channel is Messenger or Instagram or WhatsApp or X or WebChat;
}

public static class Roles
{
    public const string Agent = "agent";
    public const string Lead = "lead";
    public const string Admin = "admin";

    public static bool IsValid(string role) => role is Agent or Lead or Admin;

    /// <summary>Roles are ordered: a lead can do what an agent can, an admin what a lead can.</summary>
    public static int Rank(string role) => role switch { Admin => 3, Lead => 2, Agent => 1, _ => 0 };
}
