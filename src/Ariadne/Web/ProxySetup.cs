using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Ariadne.Web;

/// <summary>
/// Running behind a TLS-terminating reverse proxy: with <c>ForwardedHeaders:Enabled</c>, <c>X-Forwarded-Proto</c> and
/// <c>X-Forwarded-For</c> are believed from the proxies listed in <c>ForwardedHeaders:KnownProxies</c> (IP addresses) and
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR), and from the loopback address, and from nobody else. A request the
/// proxy received over HTTPS then counts as HTTPS: the sign-in cookie gets <c>Secure</c> (its policy is "same as the
/// request") and the response gets HSTS, and audit entries name the client's address rather than the proxy's. Off by
/// default: without a proxy, such headers come from the client and must not be believed.
/// </summary>
public static class ProxySetup
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddAriadneForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            var section = configuration.GetSection(Section);
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = section.GetValue("ForwardLimit", 1);
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"{Section}:KnownProxies: '{proxy}' is not an IP address."));
            }
            foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"{Section}:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/8)."));
            }
        });
        return services;
    }

    /// <summary>Applies the forwarded headers when <c>ForwardedHeaders:Enabled</c> is set; reads the settings now, so a wrong one stops the start.</summary>
    public static WebApplication UseAriadneForwardedHeaders(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>($"{Section}:Enabled"))
        {
            _ = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
            app.UseForwardedHeaders();
        }
        return app;
    }
}
