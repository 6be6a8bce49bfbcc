using System.Globalization;
using System.Text;
using Ariadne.Core.Cases;
using Ariadne.Core.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ariadne.Core.Referral.National;

/// <summary>The SMTP relay for deadline reminders (section <c>Smtp</c>). Off while <see cref="Host"/> is empty.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? From { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS (default); false only for a relay on the same host.</summary>
    public bool UseStartTls { get; set; } = true;

    /// <summary>Whether the web application sends the daily reminders itself (a hosted service).</summary>
    public bool Reminders { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>One reminder e-mail: to every case worker of one organisation (blind copies), case codes and deadlines only.</summary>
public sealed record ReminderMessage(Guid OrganisationId, IReadOnlyList<string> To, string Subject, string Body);

/// <summary>Sends a reminder; the SMTP implementation is <see cref="SmtpReminderSender"/>, tests use a fake.</summary>
public interface IReminderSender
{
    Task SendAsync(ReminderMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends through the configured SMTP relay (MailKit); recipients as blind copies so they do not see each other.</summary>
public sealed class SmtpReminderSender(IOptions<SmtpOptions> options) : IReminderSender
{
    public async Task SendAsync(ReminderMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (smtp.Host is not { Length: > 0 } host || string.IsNullOrWhiteSpace(smtp.From))
        {
            throw new InvalidOperationException("SMTP is not configured: set Smtp:Host and Smtp:From.");
        }
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(smtp.From));
        foreach (var to in message.To)
        {
            mime.Bcc.Add(MailboxAddress.Parse(to));
        }
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Body };
        using var client = new SmtpClient();
        await client.ConnectAsync(host, smtp.Port, smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

/// <summary>
/// The daily reminder per organisation of its due and overdue deadlines, to the e-mail addresses of its case workers.
/// A message carries case codes, deadline kinds and dates only — never a name or any other identifying field — and a
/// deadline owed on another organisation's case (a service response) is shown without its code.
/// </summary>
public sealed class ReminderService(AppDbContext db, NrmReports reports, IReminderSender sender)
{
    public const int MaxItems = 200;

    /// <summary>The messages that would be sent now: one per organisation with something due and a case worker with an address.</summary>
    public async Task<IReadOnlyList<ReminderMessage>> ComposeAsync(CancellationToken cancellationToken)
    {
        var organisations = await db.Set<NrmDeadline>().Where(d => d.IsOpen).Select(d => d.OrganisationId).Distinct().ToListAsync(cancellationToken);
        var caseWorker = await db.Roles.Where(r => r.Name == Users.Roles.CaseWorker).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(cancellationToken);
        var messages = new List<ReminderMessage>();
        foreach (var organisation in organisations.Order())
        {
            var dashboard = (await reports.DashboardAsync(organisation, CaseViewer.LocalOperator, MaxItems, cancellationToken)).Value!;
            if (dashboard.Items.Count == 0)
            {
                continue;
            }
            var to = await db.Users.Where(u => u.OrganisationId == organisation && u.Email != null
                    && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == caseWorker))
                .Select(u => u.Email!).OrderBy(e => e).ToListAsync(cancellationToken);
            if (to.Count == 0)
            {
                continue;
            }
            var ids = dashboard.Items.Select(i => i.CaseId).Distinct().ToList();
            var owned = await db.Cases.Where(c => ids.Contains(c.Id) && c.OrganisationId == organisation).ToDictionaryAsync(c => c.Id, c => c.CaseCode, cancellationToken);
            var body = new StringBuilder();
            body.AppendLine(CultureInfo.InvariantCulture, $"Referral mechanism: {dashboard.Overdue} overdue, {dashboard.Due} due within three days.");
            body.AppendLine();
            foreach (var item in dashboard.Items)
            {
                body.AppendLine(CultureInfo.InvariantCulture,
                    $"{owned.GetValueOrDefault(item.CaseId, "(referral received)")}\t{item.Kind}\t{item.DueDate:yyyy-MM-dd}\t{item.Status}");
            }
            body.AppendLine();
            body.AppendLine("Open Ariadne for the details. This message contains no personal data by design.");
            messages.Add(new ReminderMessage(organisation, to, $"Ariadne: {dashboard.Overdue} overdue, {dashboard.Due} due", body.ToString()));
        }
        return messages;
    }

    /// <summary>Composes and (unless <paramref name="dryRun"/>) sends the reminders; returns what was composed.</summary>
    public async Task<IReadOnlyList<ReminderMessage>> SendAsync(bool dryRun, CancellationToken cancellationToken) =>
        await sender.SendAllAsync(await ComposeAsync(cancellationToken), dryRun, cancellationToken);
}

public static class ReminderSenderExtensions
{
    /// <summary>Sends every message, one after the other, unless <paramref name="dryRun"/>; returns the messages either way.</summary>
    public static async Task<IReadOnlyList<ReminderMessage>> SendAllAsync(this IReminderSender sender, IReadOnlyList<ReminderMessage> messages, bool dryRun,
        CancellationToken cancellationToken)
    {
        if (!dryRun)
        {
            foreach (var message in messages)
            {
                await sender.SendAsync(message, cancellationToken);
            }
        }
        return messages;
    }
}
