using Ariadne.Core.Data;
using Ariadne.Tests.Infrastructure;
using Ariadne.Web;
using Microsoft.Playwright;

namespace Ariadne.Tests.Browser;

/// <summary>
/// The interactive network graph (wwwroot/js/network-graph.js over the vendored cytoscape) with JavaScript ON: a
/// fixture page of the exact markup the finance pages render, served on the test app's origin under the policy a
/// graph page gets (<see cref="SecurityHeaders.UiPolicyWithScripts"/>: own files only, no inline script or style), the
/// scripts from the app's static files. One app, one browser.
/// </summary>
public sealed class NetworkGraphBrowserTests
{
    private const string Fixture = """
        <!DOCTYPE html>
        <html lang="de"><head><meta charset="utf-8"><title>Netz</title><link rel="stylesheet" href="/css/site.css"></head>
        <body><main>
        <figure class="network" data-network-graph>
          <table data-nodes><thead><tr><th>Konto</th><th>Score</th></tr></thead><tbody>
            <tr data-id="A1" data-label="Konto A1" data-score="0.83" data-flagged="1"><td>A1</td><td>0.83</td></tr>
            <tr data-id="A2" data-label="Konto A2" data-score="0.20" data-flagged="0"><td>A2</td><td>0.20</td></tr>
            <tr data-id="A3" data-label="Konto A3" data-score="0.50" data-flagged="0"><td>A3</td><td>0.50</td></tr>
          </tbody></table>
          <table data-edges><thead><tr><th>Von</th><th>An</th><th>Betrag</th></tr></thead><tbody>
            <tr data-source="A1" data-target="A2" data-amount="1200.00" data-time="2026-01-03T10:00:00Z"><td>A1</td><td>A2</td><td>1.200,00</td></tr>
            <tr data-source="A2" data-target="A3" data-amount="900.00" data-time="2026-01-04T10:00:00Z"><td>A2</td><td>A3</td><td>900,00</td></tr>
          </tbody></table>
        </figure>
        </main>
        <script src="/lib/cytoscape/cytoscape.min.js" defer></script>
        <script src="/js/network-graph.js" defer></script>
        </body></html>
        """;

    [Fact]
    public async Task Fixture_JavaScriptOn_DrawsCanvasAboveTables_NodeClickAndRowKeyHighlightRows_NoCspViolation()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, realServer: true);
        await using var session = await BrowserSession.StartAsync(app);
        var page = await session.NewPageAsync(new ViewportSize { Width = 1280, Height = 900 }, javaScript: true);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.RouteAsync("**/fixture/network", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Body = Fixture,
            Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = SecurityHeaders.UiPolicyWithScripts },
        }));

        await page.GotoAsync("/fixture/network");
        await page.Locator("figure .network-canvas canvas").First.WaitForAsync();

        // The graph sits above the tables, which stay; controls are buttons in the document's language.
        Assert.Equal(["DIV", "DIV", "TABLE", "TABLE"], await page.EvaluateAsync<string[]>("() => [...document.querySelector('figure').children].map(e => e.tagName)"));
        Assert.Equal(["Zoom zurücksetzen", "Anordnung wechseln"], await page.Locator(".network-controls button").AllTextContentsAsync());
        Assert.Equal(new[] { 3, 2 }, await page.EvaluateAsync<int[]>("() => { const cy = document.querySelector('figure').networkGraph; return [cy.nodes().length, cy.edges().length]; }"));

        // A click on node A2 in the canvas highlights its row and both of its edges' rows.
        var point = await page.EvaluateAsync<double[]>("""
            () => { const cy = document.querySelector('figure').networkGraph; const p = cy.getElementById('A2').renderedPosition();
                    const r = document.querySelector('.network-canvas').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }
            """);
        await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
        Assert.Equal(["A2"], await SelectedAsync(page, "table[data-nodes] tr.network-selected", "data-id"));
        Assert.Equal(["A1", "A2"], await SelectedAsync(page, "table[data-edges] tr.network-selected", "data-source"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('figure').networkGraph.getElementById('A2').hasClass('highlighted')"));

        // Keyboard: the node rows take focus; Enter on A3's row selects A3 and its one edge.
        await page.Locator("tr[data-id='A3']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(["A3"], await SelectedAsync(page, "table[data-nodes] tr.network-selected", "data-id"));
        Assert.Equal(["A2"], await SelectedAsync(page, "table[data-edges] tr.network-selected", "data-source"));
        await page.Locator(".network-controls button").Nth(1).ClickAsync();
        await page.Locator(".network-controls button").First.ClickAsync();

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static async Task<string[]> SelectedAsync(IPage page, string selector, string attribute) =>
        [.. (await page.Locator(selector).EvaluateAllAsync<string[]>($"rows => rows.map(r => r.getAttribute('{attribute}'))"))];
}
