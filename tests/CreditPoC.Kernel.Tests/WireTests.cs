using System.Text;
using System.Text.Json.Nodes;
using CreditPoC.Kernel.Language;
using CreditPoC.Kernel.Protocol;

namespace CreditPoC.Kernel.Tests;

/// <summary>The wire format and the code-point arithmetic, without a client.</summary>
[TestClass]
public sealed class WireTests
{
    [TestMethod]
    public void AnEncodedMessageDecodesAndASignatureFromAnotherKeyIsRejected()
    {
        var codec = new WireCodec(new MessageSigner("key"));
        var message = JupyterMessage.Create("execute_request", new JsonObject { ["code"] = "1" }, "s", null, [Encoding.UTF8.GetBytes("client")]);
        var frames = codec.Encode(message);
        var back = codec.Decode(frames);
        Assert.AreEqual("execute_request", back.MessageType);
        Assert.AreEqual("client", Encoding.UTF8.GetString(back.Identities.Single()));
        var other = new WireCodec(new MessageSigner("other key"));
        Assert.ThrowsExactly<BadMessageException>(() => other.Decode(frames));
    }

    [TestMethod]
    public void CodePointsCountAnEmojiOnce()
    {
        const string code = "a😀b";
        Assert.AreEqual(3, CodePoints.Length(code));
        Assert.AreEqual(3, CodePoints.ToUtf16(code, 2), "after the emoji: two UTF-16 units in");
        Assert.AreEqual(2, CodePoints.FromUtf16(code, 3));
        Assert.AreEqual(-1, CodePoints.ToUtf16(code, 4));
    }
}
