using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditPoC.Kernel.Protocol;

/// <summary>Why a received message was dropped.</summary>
public sealed class BadMessageException(string message) : Exception(message);

/// <summary>
/// Jupyter's wire format: identities, <c>&lt;IDS|MSG&gt;</c>, the HMAC signature, header, parent header, metadata,
/// content, then binary buffers. Incoming messages are checked (signature first) before any JSON is read.
/// </summary>
public sealed class WireCodec(MessageSigner signer)
{
    private static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    public List<byte[]> Encode(JupyterMessage message)
    {
        var parts = new[] { message.Header, message.ParentHeader, message.Metadata, message.Content }
            .Select(p => Encoding.UTF8.GetBytes(p.ToJsonString())).ToList();
        var frames = new List<byte[]>(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(parts)));
        frames.AddRange(parts);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <exception cref="BadMessageException">no delimiter, too few frames, a bad signature or malformed JSON.</exception>
    public JupyterMessage Decode(IReadOnlyList<byte[]> frames)
    {
        var delimiter = -1;
        for (var i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { delimiter = i; break; }
        if (delimiter < 0) throw new BadMessageException("no <IDS|MSG> delimiter");
        if (frames.Count < delimiter + 6) throw new BadMessageException($"{frames.Count - delimiter - 1} frames after the delimiter, expected at least 5");
        var parts = frames.Skip(delimiter + 2).Take(4).ToList();
        if (!signer.Verify(Encoding.ASCII.GetString(frames[delimiter + 1]), parts))
            throw new BadMessageException("bad signature (the message was not signed with this kernel's key)");
        var json = new JsonObject[4];
        string[] names = ["header", "parent_header", "metadata", "content"];
        for (var i = 0; i < 4; i++)
        {
            try
            {
                json[i] = JsonNode.Parse(parts[i]) as JsonObject ?? throw new BadMessageException($"the {names[i]} is not a JSON object");
            }
            catch (JsonException e)
            {
                throw new BadMessageException($"the {names[i]} is not valid JSON ({e.Message})");
            }
        }
        if (json[0]["msg_type"] is not JsonValue) throw new BadMessageException("the header has no msg_type");
        return new JupyterMessage(frames.Take(delimiter).ToList(), json[0], json[1], json[2], json[3])
        {
            Buffers = frames.Skip(delimiter + 6).ToList(),
        };
    }
}
