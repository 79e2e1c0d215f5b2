using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Qingling.Tests.Browser;

/// <summary>
/// A village cadre's day on a 390 px phone: signs in and lands on 我的工作, taps 走访 beside a household named by its
/// head, finds the form filled with the household and a date the round accepts, saves, and reloading records nothing
/// twice; a department's measure list reads as cards with the status change inline.
/// </summary>
public class DailyUseJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    static void RequireChromium()
    {
        if (File.Exists(BrowserFixture.Chromium)) return;
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail($"{BrowserFixture.Chromium} is missing on CI");
        Assert.Skip("Debian chromium is not installed");
    }

    [Fact]
    public async Task On_a_phone_the_cadre_goes_from_my_work_to_a_saved_visit_in_two_taps()
    {
        RequireChromium();
        var plan = new Qingling.Data.Plans.PlanHandler(fixture.Db.Store, "测试").Get(null);
        var round = new Qingling.Data.Rhythm.RhythmHandler(fixture.Db.Store, plan, "测试").AddRound("芒来村", new(2023, 6, 1), new(2023, 6, 15), null);

        var cadre = await fixture.SignedIn("manglai", phone: true);
        Assert.EndsWith("/Mine", cadre.Url);
        var first = cadre.Locator("#to-visit li").First;
        var code = await first.GetAttributeAsync("data-code");
        var head = (await first.Locator("a").First.InnerTextAsync()).Trim();
        Assert.NotEqual("—", head);
        await first.Locator("a.btn").ClickAsync();
        Assert.Equal(code, await cadre.InputValueAsync("#household"));
        Assert.Contains(head, await cadre.InnerTextAsync("#visit-household"));
        Assert.Equal("2023-06-15", await cadre.InputValueAsync("#on")); // today, brought within the round
        await cadre.FillAsync("#visitors", "岩明");
        await cadre.FillAsync("#changes", "无变化");
        await cadre.ClickAsync("#add-visit-submit");
        Assert.Contains("已记录走访", await cadre.InnerTextAsync("#message"));
        await cadre.ReloadAsync();
        await cadre.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "visit-phone.png"), FullPage = true });
        using (var c = fixture.Db.Store.CreateContext())
            Assert.Equal(1, c.Visits.AsNoTracking().Count(v => v.RoundId == round.Id));
        Assert.Equal(0, await cadre.Locator($"#not-visited tr[data-code='{code}']").CountAsync());
    }

    [Fact]
    public async Task On_a_phone_a_departments_measures_are_cards_with_the_status_change_inline()
    {
        RequireChromium();
        var page = await fixture.SignedIn("nongye", phone: true);
        await page.GotoAsync("/Measures?View=all");
        var row = page.Locator("#measures tbody tr").First;
        Assert.Equal("block", await row.EvaluateAsync<string>("r => getComputedStyle(r).display"));
        // A card fits the phone: nothing wider than the screen.
        Assert.True(await row.EvaluateAsync<double>("r => r.getBoundingClientRect().width") <= 390);
        Assert.True(await row.Locator("form.status-form select").IsVisibleAsync());
        Assert.Equal("户主", await row.Locator("td").Nth(2).GetAttributeAsync("data-label")); // each cell is labelled on the card
        Assert.Contains("户主", await row.Locator("td").Nth(2).EvaluateAsync<string>("c => getComputedStyle(c, '::before').content"));
        // The skip link is the first thing a keyboard reaches.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("跳到正文", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "measures-cards-phone.png"), FullPage = false });
    }
}
