using Microsoft.Playwright;
using Qingling.Tests.Support;

namespace Qingling.Tests.Browser;

/// <summary>The main journeys in a real browser, at desktop and phone widths, with screenshots.</summary>
public class JourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    public static TheoryData<bool> Widths => [false, true];

    static void RequireChromium()
    {
        if (File.Exists(BrowserFixture.Chromium)) return;
        // CI installs Chromium, so there a missing browser is a failure, never a silent skip.
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail($"{BrowserFixture.Chromium} is missing on CI");
        Assert.Skip("Debian chromium is not installed (apt-get install chromium); ./test.sh as root installs it");
    }

    static double[] Rgb(string css) => System.Text.RegularExpressions.Regex.Matches(css, "[\\d.]+").Take(3).Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A text colour as seen on its background: a translucent one (Bootstrap's 55 % white) is blended first.</summary>
    static double[] Over(string css, double[] background)
    {
        var n = System.Text.RegularExpressions.Regex.Matches(css, "[\\d.]+").Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var alpha = n.Length > 3 ? n[3] : 1;
        return [.. Enumerable.Range(0, 3).Select(i => alpha * n[i] + (1 - alpha) * background[i])];
    }

    /// <summary>WCAG's contrast ratio of two sRGB colours (0–255 per channel).</summary>
    static double Contrast(double[] a, double[] b)
    {
        static double Luminance(double[] c)
        {
            double Channel(double v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4); }
            return 0.2126 * Channel(c[0]) + 0.7152 * Channel(c[1]) + 0.0722 * Channel(c[2]);
        }
        var (x, y) = (Luminance(a), Luminance(b));
        return (Math.Max(x, y) + 0.05) / (Math.Min(x, y) + 0.05);
    }

    static Task Shot(IPage page, string name, bool phone) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, $"{name}-{(phone ? "phone" : "desktop")}.png"), FullPage = true });

    [Theory, MemberData(nameof(Widths))]
    public async Task Sign_in_and_read_the_dashboard_with_its_charts_drawn(bool phone)
    {
        RequireChromium();
        var page = await fixture.SignedIn("leader", phone);
        // The Content-Security-Policy blocks nothing the pages need: the browser reports every violation on the console.
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) violations.Add(m.Text); };
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#chart-trend[data-drawn=true]");
        foreach (var chart in new[] { "#chart-income", "#chart-channels", "#chart-trend" })
        {
            Assert.Equal("true", await page.GetAttributeAsync(chart, "data-drawn"));
            Assert.True(await page.Locator($"{chart} canvas").CountAsync() > 0, $"{chart} has a canvas");
        }
        // Each chart's figures are also a table for screen readers, the same numbers as the chart's data.
        var url = await page.GetAttributeAsync("#chart-source", "data-url");
        using (var data = System.Text.Json.JsonDocument.Parse(await page.EvaluateAsync<string>("u => fetch(u, { credentials: 'same-origin' }).then(r => r.text())", url)))
        {
            var counts = data.RootElement.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32().ToString("#,##0", System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(counts, await page.Locator("#chart-income-table tbody tr td:nth-child(2)").AllTextContentsAsync());
            var channels = data.RootElement.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
            Assert.Equal(channels, await page.Locator("#chart-channels-table tbody tr td:nth-child(1)").AllTextContentsAsync());
            Assert.Equal(data.RootElement.GetProperty("months").GetArrayLength(), await page.Locator("#chart-trend-table tbody tr").CountAsync());
        }
        Assert.Equal("人均纯收入分布（预计，有劳动力户）：各收入段户数", await page.TextContentAsync("#chart-income-table caption"));
        // Counts of households are whole numbers and the axes read 3,000, not 3千 or 2.5.
        var axis = await page.EvaluateAsync<string>("() => { const o = echarts.getInstanceByDom(document.getElementById('chart-income')).getOption(); return o.yAxis[0].minInterval + '|' + o.yAxis[0].axisLabel.formatter(3000); }");
        Assert.Equal("1|3,000", axis);
        // Navigation reads at 4.5:1 or better (WCAG AA): every link's colour against the bar's background, as drawn.
        var colours = await page.EvaluateAsync<string[]>("() => { const bar = getComputedStyle(document.querySelector('nav.navbar')).backgroundColor; return [bar, ...[...document.querySelectorAll('nav.navbar .nav-link')].map(a => getComputedStyle(a).color)]; }");
        var background = Rgb(colours[0]);
        Assert.All(colours.Skip(1), c => Assert.True(Contrast(Over(c, background), background) >= 4.5, $"导航文字{c}与底色{colours[0]}的对比度为{Contrast(Over(c, background), background):0.0}:1"));
        if (!phone)
        {
            // At 1366 px the village table fits its column: no sideways scrolling.
            var widths = await page.EvaluateAsync<int[]>("() => { const t = document.getElementById('villages'); return [t.scrollWidth, t.parentElement.clientWidth]; }");
            Assert.True(widths[0] <= widths[1], $"村表宽{widths[0]}px，可用{widths[1]}px");
        }
        Assert.Contains("技能培训人数", await page.InnerTextAsync("#indicators"));
        Assert.Equal(Plans.PlanTests.Mengyong().Indicators.Count, await page.Locator(".indicator-card").CountAsync()); // 15 with 不发生返贫 and 零就业家庭
        await Shot(page, "dashboard", phone);
        foreach (var other in new[] { "/Reviews", "/Quarter", "/Targets" }) await page.GotoAsync(other);
        await page.GotoAsync("/");
        Assert.Empty(violations);
        // Signing out works (its form carries the antiforgery token) and leaves nothing reachable.
        if (phone)
        {
            await page.ClickAsync(".navbar-toggler");
            await page.WaitForSelectorAsync("#nav.show"); // the menu has finished opening
        }
        var signOut = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("nav form[action='/Account/Logout'] button"), // (the top bar also holds the search form)
            r => r.Url.Contains("/Account/Logout") && r.Request.Method == "POST");
        try
        {
            await page.WaitForURLAsync(u => u.Contains("/Account/Login"));
        }
        catch (TimeoutException e)
        {
            // Say what signing out answered and where the page stayed (once, under CI's load, it did not move on).
            throw new TimeoutException($"退出登录后仍停在 {page.Url}（退出请求答 {signOut.Status}）：{await page.InnerTextAsync("body")}", e);
        }
        await page.GotoAsync("/Targets");
        Assert.Contains("/Account/Login", page.Url);
    }

    /// <summary>A unit's card on the 考核 page draws its scores period by period, the same figures as the table under it.</summary>
    [Theory, MemberData(nameof(Widths))]
    public async Task A_units_scorecard_draws_its_trend(bool phone)
    {
        RequireChromium();
        var page = await fixture.SignedIn("leader", phone);
        await page.GotoAsync("/Assessment?period=2023Q2&kind=village&unit=" + Uri.EscapeDataString("芒来村") + "#card");
        await page.WaitForSelectorAsync("#trend-chart[data-drawn=true]");
        Assert.True(await page.Locator("#trend-chart canvas").CountAsync() > 0, "the trend has a canvas");
        var periods = System.Text.Json.JsonSerializer.Deserialize<string[]>((await page.GetAttributeAsync("#trend-chart", "data-periods"))!)!;
        Assert.Equal(await page.Locator("#trend tbody tr").CountAsync(), periods.Length);
        Assert.Contains("2023年第2季度", periods);
        await Shot(page, "assessment-trend", phone);
    }

    /// <summary>
    /// The review pack as printed: its heading (town, date, which review) shows and the app's bar does not; Chromium
    /// prints it to an A4 PDF whose every page carries "第 n 页 / 共 N 页" (CSS margin boxes, drawn by the printer, not
    /// in the page: read back from the PDF's text).
    /// </summary>
    [Fact]
    public async Task The_review_pack_prints_with_its_heading_and_without_the_apps_bar()
    {
        RequireChromium();
        var page = await fixture.SignedIn("leader");
        await page.GotoAsync("/Reviews?date=2023-06-30");
        Assert.False(await page.IsVisibleAsync("#print-heading"));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.True(await page.IsVisibleAsync("#print-heading"));
        var heading = await page.InnerTextAsync("#print-heading");
        Assert.Contains("勐永镇半月研判材料", heading);
        Assert.Contains("研判日期 2023年6月30日", heading);
        Assert.Matches("第\\d+次", heading);
        Assert.False(await page.IsVisibleAsync("nav.navbar"));
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PreferCSSPageSize = true });
        Assert.True(pdf.Length > 10_000 && System.Text.Encoding.ASCII.GetString(pdf, 0, 5) == "%PDF-", $"a PDF of {pdf.Length} bytes");
        using (var printed = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            var pages = printed.GetPages().ToList();
            Assert.True(pages.Count >= 2, $"the pack prints on {pages.Count} page(s)");
            foreach (var p in pages) Assert.Contains($"第{p.Number}页/共{pages.Count}页", PrintedText(p));
            Assert.Contains("勐永镇半月研判材料", PrintedText(pages[0]));
        }
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
    }

    /// <summary>
    /// The household card, printed or read on a phone: its headings, 户编号, measure periods and amounts each stay on one
    /// line (a word broken across lines is how a code or a date gets misread on paper).
    /// </summary>
    [Theory, MemberData(nameof(Widths))]
    public async Task The_household_cards_headings_codes_and_dates_are_never_broken(bool phone)
    {
        RequireChromium();
        var page = await fixture.SignedIn("leader", phone);
        await page.GotoAsync("/Targets");
        var code = (await page.InnerTextAsync("#targets tbody tr:first-child a")).Trim();
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await page.GotoAsync($"/Households/{code}/Card");
        var cells = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.card-a4 th, .card-a4 .nowrap, .card-a4 td.num')].map(el => {
                const range = document.createRange();
                range.selectNodeContents(el);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                return lines.size + '|' + el.textContent.trim();
            })
            """);
        Assert.Contains(cells, c => c == "1|" + code);
        Assert.Contains(cells, c => System.Text.RegularExpressions.Regex.IsMatch(c, @"^1\|\d{4}\.\d{1,2}—\d{4}\.\d{1,2}$"));
        Assert.All(cells, c => Assert.StartsWith("1|", c));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
    }

    /// <summary>
    /// A printed page's text as read: without the spaces extraction may or may not put between glyphs, and with the radical
    /// forms the CJK font draws some characters with (⽉ for 月, ⻚ for 页) read as the characters themselves.
    /// </summary>
    static string PrintedText(UglyToad.PdfPig.Content.Page page) =>
        string.Concat(page.Text.Where(c => !char.IsWhiteSpace(c))).Normalize(System.Text.NormalizationForm.FormKC).Replace('\u2EDA', '页');

    [Theory, MemberData(nameof(Widths))]
    public async Task Open_a_household_from_the_target_list(bool phone)
    {
        RequireChromium();
        var page = await fixture.SignedIn("leader", phone);
        await page.GotoAsync("/Targets");
        Assert.Equal("11", await page.InnerTextAsync("#target-count"));
        await page.ClickAsync("#targets tbody tr:first-child a");
        await page.WaitForSelectorAsync("#members");
        Assert.Matches("99\\d{4}\\*{11}[\\dX]", await page.InnerTextAsync("#members"));
        Assert.Contains("一户一策", await page.ContentAsync());
        await Shot(page, "household", phone);
    }

    [Theory, MemberData(nameof(Widths))]
    public async Task A_village_cadre_adds_a_measure_with_the_households_consent(bool phone)
    {
        RequireChromium();
        var page = await fixture.SignedIn("mengyong", phone);
        await page.GotoAsync("/Targets");
        await page.ClickAsync("#targets tbody tr:first-child a");
        await page.WaitForSelectorAsync("#members");
        var before = await page.Locator("#measures tbody tr").CountAsync();
        await page.ClickAsync("#add-measure summary");
        await page.SelectOptionAsync("#Channel", "tourism");
        await page.FillAsync("#Description", phone ? "到农家乐帮工（手机录入）" : "到农家乐帮工");
        await page.SelectOptionAsync("#Department", "镇文化和旅游广播电视体育服务中心");
        await page.FillAsync("#Start", "2023-07-01");
        await page.FillAsync("#ExpectedGain", "3600");
        await page.SelectOptionAsync("#GainCategory", "工资性");
        await page.FillAsync("#PaysFromMonth", "7");
        // First without consent: refused, with the reason.
        await page.ClickAsync("#add-measure-submit");
        Assert.Contains("未同意", await page.InnerTextAsync("#errors"));
        await page.FillAsync("#Description", phone ? "到农家乐帮工（手机录入）" : "到农家乐帮工");
        await page.FillAsync("#Start", "2023-07-01");
        await page.FillAsync("#ExpectedGain", "3600");
        await page.SelectOptionAsync("#GainCategory", "工资性");
        await page.SelectOptionAsync("#Channel", "tourism");
        await page.SelectOptionAsync("#Department", "镇文化和旅游广播电视体育服务中心");
        await page.FillAsync("#ConsentOn", "2023-06-25");
        await page.FillAsync("#ConsentHow", "户主签字");
        await page.ClickAsync("#add-measure-submit");
        Assert.Contains("已新增措施", await page.InnerTextAsync("#message"));
        Assert.Equal(before + 1, await page.Locator("#measures tbody tr").CountAsync());
        await Shot(page, "measure-added", phone);
    }

    [Theory, MemberData(nameof(Widths))]
    public async Task Import_a_file_with_an_error_and_see_it_listed(bool phone)
    {
        RequireChromium();
        var b = ExportBuilder.FromTown(4, seed: 91);
        b.Set(2, "证件号码", b.Get(2, "证件号码")[..17] + (b.Get(2, "证件号码")[17] == '1' ? '2' : '1'));
        var path = b.WriteCsv(Path.Combine(fixture.Db.Folder, phone ? "phone.csv" : "desktop.csv"));
        var page = await fixture.SignedIn("admin", phone);
        await page.GotoAsync("/Import");
        await page.SetInputFilesAsync("#file", path);
        await page.FillAsync("#year", "2022");
        await page.ClickAsync("#import-submit");
        await page.WaitForSelectorAsync("#import-result");
        Assert.Contains("数据库未作任何改动", await page.InnerTextAsync("#import-result"));
        var problems = await page.InnerTextAsync("#problems");
        Assert.Contains("校验位", problems);
        Assert.Contains(b.FileRow(2).ToString(), problems);
        Assert.True(await page.Locator("#problems-download").IsVisibleAsync());
        await Shot(page, "import-refused", phone);
    }
}
