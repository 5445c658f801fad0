using System.Security.Cryptography;
using System.Text;

namespace Inbox.Core.Channels.Social;

/// <summary>HMAC-SHA256 webhook signatures: Meta sends hex, X sends base64; both are checked in constant time.</summary>
public static class WebhookSignature
{
    public static string MetaSign(string appSecret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    public static string XSign(string consumerSecret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(consumerSecret), body));

    public static bool MetaVerify(string appSecret, ReadOnlySpan<byte> body, string? header) =>
        SameAscii(MetaSign(appSecret, body), header?.Trim().ToLowerInvariant());

    public static bool XVerify(string consumerSecret, ReadOnlySpan<byte> body, string? header) =>
        SameAscii(XSign(consumerSecret, body), header?.Trim());

    /// <summary>The answer to an X CRC challenge: {"response_token": "sha256=…"}.</summary>
    public static string XCrcResponse(string consumerSecret, string crcToken) =>
        XSign(consumerSecret, Encoding.UTF8.GetBytes(crcToken));

    public static bool SameSecret(string expected, string? given) => SameAscii(expected, given);

    private static bool SameAscii(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
