using System.Globalization;
using Microsoft.Playwright;
using Qingling.Tests.Rhythm;

namespace Qingling.Tests.Browser;

/// <summary>
/// The rhythm in the browser: a village cadre records a visit that pushes a household under the line; the
/// town holds the review, sees the household entered with the reason, assigns a task, and sees it overdue
/// in the next pack.
/// </summary>
public class RhythmJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Screening_visit_review_pack_task_and_overdue_in_the_next_pack()
    {
        if (!File.Exists(BrowserFixture.Chromium))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail($"{BrowserFixture.Chromium} is missing on CI");
            Assert.Skip("Debian chromium is not installed");
        }
        var (code, perCapita, persons) = RhythmTests.NearTheLine(fixture.Db.Store, new DateOnly(2023, 6, 30));

        var admin = await fixture.SignedIn("admin");
        await admin.GotoAsync("/Reviews?date=2023-06-15");
        await admin.ClickAsync("#hold");
        Assert.Contains("已冻结", await admin.InnerTextAsync("#message"));

        var cadre = await fixture.SignedIn("mengyong", phone: true);
        await cadre.GotoAsync("/Screening");
        await cadre.FillAsync("#from", "2023-06-16");
        await cadre.FillAsync("#to", "2023-06-30");
        await cadre.ClickAsync("#add-round-submit");
        Assert.Contains("已建立排查", await cadre.InnerTextAsync("#message"));
        await cadre.FillAsync("#household", code);
        await cadre.FillAsync("#on", "2023-06-20");
        await cadre.FillAsync("#visitors", "岩明、李华");
        await cadre.FillAsync("#changes", "户主务工的工厂停产，已返乡");
        await cadre.FillAsync("#risks", "因务工就业不稳");
        await cadre.FillAsync("#expectedChange", RhythmTests.LossToGoUnder(perCapita, persons).ToString(CultureInfo.InvariantCulture));
        await cadre.FillAsync("#changeFromMonth", "7");
        await cadre.ClickAsync("#add-visit-submit");
        Assert.Contains("已建立跟进任务", await cadre.InnerTextAsync("#message"));
        Assert.Contains(code, await cadre.InnerTextAsync("#visits"));
        await cadre.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "screening-phone.png"), FullPage = true });

        await admin.GotoAsync("/Reviews?date=2023-06-30");
        var entered = await admin.InnerTextAsync($"#entered li[data-code='{code}']");
        Assert.Contains("新进入", entered);
        Assert.Contains("工厂停产", entered);
        await admin.ClickAsync("#hold");
        await admin.FillAsync("#title", "为户主联系帮扶车间岗位");
        await admin.SelectOptionAsync("#owner", "镇社会保障服务中心");
        await admin.FillAsync("#due", "2023-07-10");
        await admin.FillAsync("#households", code);
        await admin.ClickAsync("#add-task-submit");
        Assert.Contains("已记录任务", await admin.InnerTextAsync("#message"));
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "review-desktop.png"), FullPage = true });

        await admin.GotoAsync("/Reviews?date=2023-07-15");
        var row = admin.Locator("#tasks tr", new PageLocatorOptions { HasText = "为户主联系帮扶车间岗位" });
        Assert.Equal("逾期", (await row.Locator(".task-status").InnerTextAsync()).Trim());
    }
}
