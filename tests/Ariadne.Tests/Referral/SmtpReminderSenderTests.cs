using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Ariadne.Core.Common;
using Ariadne.Core.Referral.National;
using Ariadne.Core.Referral.Transnational;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Ariadne.Tests.Referral;

/// <summary>
/// <see cref="SmtpReminderSender"/> against a real SMTP listener on a loopback port (the SmtpServer library, in this
/// process): what goes over the wire, not what a fake sender was handed.
/// </summary>
public sealed class SmtpReminderSenderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Keeps every message delivered: its envelope recipients and its raw MIME.</summary>
    private sealed class CapturingStore : MessageStore
    {
        public ConcurrentQueue<(string From, IReadOnlyList<string> Recipients, byte[] Mime)> Messages { get; } = new();

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            Messages.Enqueue((transaction.From.AsAddress(), [.. transaction.To.Select(t => t.AsAddress())], buffer.ToArray()));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    [Fact]
    public async Task Send_OverSmtp_EveryCaseWorkerAsABlindCopy_BodyAsComposed()
    {
        var store = new CapturingStore();
        var listeners = new EndpointListenerFactory();
        var started = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        listeners.EndpointStarted += (_, e) => started.TrySetResult((IPEndPoint)e.LocalEndPoint);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        services.Add(listeners);
        var server = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, 0))).Build(), services);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = server.StartAsync(stop.Token);
        try
        {
            var endpoint = await started.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
            var sender = new SmtpReminderSender(Microsoft.Extensions.Options.Options.Create(new SmtpOptions
            {
                Host = "127.0.0.1",
                Port = endpoint.Port,
                From = "nrm@ariadne.example",
                UseStartTls = false,
            }));
            var body = "C-7K3M-9QX2\treasonable-grounds-target\t2026-03-09\toverdue";

            await sender.SendAsync(new ReminderMessage(Guid.NewGuid(), ["worker-a@ngo.example", "worker-b@ngo.example"], "Ariadne: 1 overdue", body), Token);

            var (from, recipients, raw) = Assert.Single(store.Messages);
            Assert.Equal("nrm@ariadne.example", from);
            Assert.Equal(["worker-a@ngo.example", "worker-b@ngo.example"], recipients);
            var message = await MimeMessage.LoadAsync(new MemoryStream(raw), Token);
            // Blind copies: the header the recipients see names none of them.
            Assert.Empty(message.To);
            Assert.Empty(message.Cc);
            Assert.Empty(message.Bcc);
            Assert.DoesNotContain("worker-", System.Text.Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
            Assert.Equal("Ariadne: 1 overdue", message.Subject);
            Assert.Equal(body, message.TextBody?.TrimEnd());
        }
        finally
        {
            await stop.CancelAsync();
            server.Shutdown();
            await Task.WhenAny(running, server.ShutdownTask);
        }
    }

    [Fact]
    public async Task Send_WithoutHostOrSender_RefusedBeforeConnecting()
    {
        var sender = new SmtpReminderSender(Microsoft.Extensions.Options.Options.Create(new SmtpOptions { Host = "127.0.0.1" }));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            sender.SendAsync(new ReminderMessage(Guid.NewGuid(), ["worker@ngo.example"], "s", "b"), Token));

        Assert.Equal("SMTP is not configured: set Smtp:Host and Smtp:From.", refused.Message);
    }
}
