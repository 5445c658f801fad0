using System.Threading.Channels;
using Inbox.Core.Intake;

namespace Inbox.Web.Inbound;

/// <summary>
/// Work for the intake worker, the database's single writer (in memory; the database is the truth):
/// payloads to store (the request waits for the commit) and stored raw events to process.
/// </summary>
public sealed class IntakeQueue
{
    public sealed record Item(long RawId, NormalizeResult? Parsed, RawSubmission? Submission = null, TaskCompletionSource<AcceptResult>? Stored = null);

    private readonly Channel<Item> _channel = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private long _pending;

    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>A raw event already stored (restart, reprocess, in-process intake).</summary>
    public void Enqueue(long rawId, NormalizeResult? parsed = null)
    {
        Interlocked.Increment(ref _pending);
        _channel.Writer.TryWrite(new Item(rawId, parsed));
    }

    /// <summary>
    /// Hands a verified, parsed payload to the writer, which stores it with the others of its batch in one
    /// transaction; completes once that transaction has committed, so a 2xx still means "stored".
    /// </summary>
    public Task<AcceptResult> SubmitAsync(RawSubmission submission)
    {
        var stored = new TaskCompletionSource<AcceptResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _pending);
        _channel.Writer.TryWrite(new Item(0, null, submission, stored));
        return stored.Task;
    }

    public ChannelReader<Item> Reader => _channel.Reader;

    public void Done(int count) => Interlocked.Add(ref _pending, -count);
}

public static class InboundResults
{
    /// <summary>
    /// The common path of every receiving endpoint once a payload is verified: parses it here, has the intake
    /// worker store it (and then process it), and answers.
    /// </summary>
    public static async Task<IResult> AcceptAsync(IntakePipeline pipeline, IntakeQueue queue,
        string source, string? contentType, IReadOnlyDictionary<string, string> headers, byte[] body, string? dedupeKey = null)
    {
        var submission = pipeline.Prepare(source, contentType, headers, body, dedupeKey);
        var result = await queue.SubmitAsync(submission);
        if (submission.Crash is { } crash && result is AcceptResult.Malformed)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(crash);
        return result switch
        {
            AcceptResult.Accepted a => TypedResults.Ok(new { rawId = a.RawId, duplicate = false }),
            AcceptResult.Duplicate d => TypedResults.Ok(new { rawId = d.RawId, duplicate = true }),
            AcceptResult.Malformed m => TypedResults.Problem(m.Error, statusCode: StatusCodes.Status400BadRequest,
                title: "Malformed payload (kept for reprocessing)", extensions: new Dictionary<string, object?> { ["rawId"] = m.RawId }),
            _ => TypedResults.StatusCode(500),
        };
    }

    /// <summary>Reads the body as sent, byte for byte: signatures are computed over these exact bytes.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms);
        return ms.ToArray();
    }
}
