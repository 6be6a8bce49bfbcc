using System.Globalization;
using System.Text;
using Ariadne.Core.Data;
using Ariadne.Core.Referral.National;
using Microsoft.EntityFrameworkCore;
using UserRoles = Ariadne.Core.Users.Roles;

namespace Ariadne.Core.FollowUp;

/// <summary>
/// E-mail reminders before due dates (issue 18, item 2), through the product's one e-mail facility: the referral
/// mechanism's <see cref="IReminderSender"/> (SMTP, section <c>Smtp</c>), sent by the same daily job
/// (<c>ReminderHostedService</c>, when <c>Smtp:Reminders</c> is on) and by <c>ariadne followup reminders</c>. One message
/// per lead institution with open measures due within <see cref="DueWithinDays"/> days or overdue, to its focal points
/// (its coordinators and case workers with an e-mail address). Measures are not about persons, so the message names
/// them. Without SMTP the dashboard's "Your institution" list is the reminder.
/// </summary>
public sealed class FollowUpReminders(AppDbContext db, TimeProvider time, IReminderSender sender)
{
    /// <summary>How many days ahead a reminder looks.</summary>
    public const int DueWithinDays = 14;

    /// <summary>The messages that would be sent now, one per lead institution with something due and a focal point with an address.</summary>
    public async Task<IReadOnlyList<ReminderMessage>> ComposeAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var until = today.AddDays(DueWithinDays);
        var due = await db.Set<PlanMeasure>().AsNoTracking()
            .Where(m => m.DueOn != null && m.DueOn <= until && m.Status != MeasureStatus.Completed && m.Status != MeasureStatus.Cancelled)
            .Select(m => new { m.LeadOrganisationId, m.Title, DueOn = m.DueOn!.Value, m.Status })
            .ToListAsync(cancellationToken);
        var focalRoles = await db.Roles.Where(r => r.Name == UserRoles.Coordinator || r.Name == UserRoles.CaseWorker).Select(r => r.Id).ToListAsync(cancellationToken);
        var messages = new List<ReminderMessage>();
        foreach (var lead in due.GroupBy(m => m.LeadOrganisationId).OrderBy(g => g.Key))
        {
            var to = await db.Users.Where(u => u.OrganisationId == lead.Key && u.Email != null
                    && db.UserRoles.Any(r => r.UserId == u.Id && focalRoles.Contains(r.RoleId)))
                .Select(u => u.Email!).OrderBy(e => e).ToListAsync(cancellationToken);
            if (to.Count == 0)
            {
                continue;
            }
            var overdue = lead.Count(m => m.DueOn < today);
            var body = new StringBuilder();
            body.AppendLine(CultureInfo.InvariantCulture, $"Follow-up of commitments: {overdue} measure(s) overdue, {lead.Count() - overdue} due within {DueWithinDays} days.");
            body.AppendLine();
            foreach (var m in lead.OrderBy(m => m.DueOn).ThenBy(m => m.Title, StringComparer.Ordinal))
            {
                body.AppendLine(CultureInfo.InvariantCulture, $"{m.DueOn:yyyy-MM-dd}\t{(m.DueOn < today ? "Overdue" : "Due")}\t{m.Status}\t{m.Title}");
            }
            body.AppendLine();
            body.AppendLine("Open Ariadne (Follow-up) to report progress.");
            messages.Add(new ReminderMessage(lead.Key, to, $"Ariadne follow-up: {overdue} overdue, {lead.Count() - overdue} due", body.ToString()));
        }
        return messages;
    }

    /// <summary>Composes and (unless <paramref name="dryRun"/>) sends the reminders; returns what was composed.</summary>
    public async Task<IReadOnlyList<ReminderMessage>> SendAsync(bool dryRun, CancellationToken cancellationToken) =>
        await sender.SendAllAsync(await ComposeAsync(cancellationToken), dryRun, cancellationToken);
}
