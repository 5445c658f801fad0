namespace Inbox.Core.Model;

/// <summary>Why a request is refused, in the two languages of the page: the API sends both (error, errorFr).</summary>
public sealed record Refusal(string En, string Fr);
