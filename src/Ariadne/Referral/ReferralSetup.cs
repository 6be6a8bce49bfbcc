namespace Ariadne.Referral;

public static class ReferralSetup
{
    /// <summary>The daily e-mail reminders of due and overdue deadlines (section <c>Smtp</c>, bound by Core's referral module).</summary>
    public static IServiceCollection AddReferralReminders(this IServiceCollection services)
    {
        services.AddHostedService<ReminderHostedService>();
        return services;
    }
}
