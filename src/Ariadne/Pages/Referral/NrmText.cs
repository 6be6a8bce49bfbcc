using Ariadne.Analytics.Referral;
using Ariadne.Localization;
using Microsoft.Extensions.Localization;

namespace Ariadne.Pages.Referral;

/// <summary>Renders the referral mechanism's codes (states, steps, roles, refusals) in the user's language.</summary>
public static class NrmText
{
    /// <summary>The label of <paramref name="id"/> under <paramref name="prefix"/>, or the id itself for a jurisdiction's own state or step.</summary>
    public static string Label(IStringLocalizer<SharedResource> t, string prefix, string id)
    {
        var text = t[prefix + id];
        return text.ResourceNotFound ? id : text.Value;
    }

    public static string Refusal(IStringLocalizer<SharedResource> t, Refusal refusal)
    {
        object[] arguments = refusal.Code switch
        {
            Analytics.Referral.Refusal.RoleRequired or Analytics.Referral.Refusal.RequesterNotAllowed =>
                [string.Join(", ", refusal.Arguments.Select(r => Label(t, "Nrm.Role.", r)))],
            Analytics.Referral.Refusal.NotFromState => [Label(t, "Nrm.Transition.", refusal.Arguments[0]), Label(t, "Nrm.State.", refusal.Arguments[1])],
            Analytics.Referral.Refusal.PeriodNotElapsed => [Label(t, "Nrm.Deadline.", refusal.Arguments[0]), refusal.Arguments[1]],
            Analytics.Referral.Refusal.FieldRequired => [Label(t, "Nrm.Field.", refusal.Arguments[0])],
            _ => [.. refusal.Arguments],
        };
        var text = t["Nrm.Refusal." + refusal.Code, arguments];
        return text.ResourceNotFound ? refusal.ToString() : text.Value;
    }
}
