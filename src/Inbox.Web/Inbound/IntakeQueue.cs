using System.Threading.Channels;
using Inbox.Core.Intake;

namespace Inbox.Web.Inbound;

/// <summary>Raw events accepted by an endpoint and waiting for the intake worker (in memory; the database is the truth).</summary>
public sealed class IntakeQueue
{
    private readonly Channel<(long RawId, NormalizeResult? Parsed)> _channel =
        Channel.CreateUnbounded<(long, NormalizeResult?)>(new UnboundedChannelOptions { SingleReader = true });
    private long _pending;

    public long Pending => Interlocked.Read(ref _pending);

    public void Enqueue(long rawId, NormalizeResult? parsed = null)
    {
        Interlocked.Increment(ref _pending);
        _channel.Writer.TryWrite((rawId, parsed));
    }

    public ChannelReader<(long RawId, NormalizeResult? Parsed)> Reader => _channel.Reader;

    public void Done(int count) => Interlocked.Add(ref _pending, -count);
}

public static class InboundResults
{
    /// <summary>The common answer of every receiving endpoint once a payload is verified.</summary>
    public static IResult Answer(AcceptResult result, IntakeQueue queue) => result switch
    {
        AcceptResult.Accepted a => Enqueued(a, queue),
        AcceptResult.Duplicate d => TypedResults.Ok(new { rawId = d.RawId, duplicate = true }),
        AcceptResult.Malformed m => TypedResults.Problem(m.Error, statusCode: StatusCodes.Status400BadRequest,
            title: "Malformed payload (kept for reprocessing)", extensions: new Dictionary<string, object?> { ["rawId"] = m.RawId }),
        _ => TypedResults.StatusCode(500),
    };

    private static IResult Enqueued(AcceptResult.Accepted a, IntakeQueue queue)
    {
        queue.Enqueue(a.RawId, a.Parsed);
        return TypedResults.Ok(new { rawId = a.RawId, duplicate = false });
    }

    /// <summary>Reads the body as sent, byte for byte: signatures are computed over these exact bytes.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms);
        return ms.ToArray();
    }
}
