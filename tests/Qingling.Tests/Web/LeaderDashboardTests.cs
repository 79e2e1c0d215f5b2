using System.Net;
using System.Text.RegularExpressions;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>The dashboard as a town leader reads it: what decides the year first, every figure opening the list it counts.</summary>
public class LeaderDashboardTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static int Count(string listPage) => int.Parse(Regex.Match(listPage, "<strong id=\"counted\">(\\d+)</strong>").Groups[1].Value);

    static int Rows(string listPage) => Regex.Matches(listPage[listPage.IndexOf("id=\"counted-households\"", StringComparison.Ordinal)..], "<tr><td><a href=\"/Households/").Count;

    [Theory, MemberData(nameof(Providers))]
    public async Task It_leads_with_the_projection_and_what_is_behind_plan_each_linking_to_its_list(string provider)
    {
        var leader = await web.Client(provider, "leader");
        var page = await leader.GetStringAsync("/?date=2023-06-30");
        var lead = page[page.IndexOf("id=\"year-end\"", StringComparison.Ordinal)..page.IndexOf("id=\"indicators\"", StringComparison.Ordinal)];
        Assert.Contains("data-key=\"under-line-projected\"", lead);
        Assert.Contains("data-key=\"growth-projected\"", lead);
        // What is behind plan: every indicator judged and not met, and nothing that is not judged (half a year's income).
        var behind = lead[lead.IndexOf("id=\"behind\"", StringComparison.Ordinal)..];
        var behindKeys = Regex.Matches(behind, "data-key=\"([\\w-]+)\"").Select(m => m.Groups[1].Value).ToList();
        var cards = Regex.Matches(page, "data-key=\"([\\w-]+)\" data-judged=\"(\\w+)\"[\\s\\S]*?badge [^\"]*\">([^<]+)</span>")
            .ToDictionary(m => m.Groups[1].Value, m => (Judged: m.Groups[2].Value == "true", Verdict: m.Groups[3].Value));
        var unmet = cards.Where(c => c.Value.Judged && c.Value.Verdict == "未达标" && c.Key is not ("under-line-projected" or "growth-projected")).Select(c => c.Key).ToList();
        Assert.NotEmpty(unmet);
        Assert.Equal(unmet.Order(), behindKeys.Order());
        Assert.DoesNotContain("under-line-households", behindKeys);

        // The projected figure opens the list of exactly those households.
        var projected = decimal.Parse(Regex.Match(page, "data-key=\"under-line-projected\" data-judged=\"true\"[\\s\\S]*?fs-5 fw-semibold\">([\\d.]+)").Groups[1].Value);
        var link = Regex.Match(lead, "href=\"(/Plan/Households\\?key=under-line-projected[^\"]*)\"").Groups[1].Value.Replace("&amp;", "&");
        Assert.Contains("date=2023-06-30", link);
        var list = await leader.GetStringAsync(link + "&size=500");
        Assert.Equal((int)projected, Count(list));
        Assert.Equal((int)projected, Rows(list));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_card_links_to_its_list_and_a_village_cell_opens_as_many_households_as_it_shows(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var page = await admin.GetStringAsync("/?date=2023-06-30");
        foreach (Match card in Regex.Matches(page, "<div class=\"card indicator-card[^\"]*\" data-key=\"([\\w-]+)\"[\\s\\S]*?stretched-link[^\"]*\" href=\"([^\"]+)\""))
        {
            var href = card.Groups[2].Value.Replace("&amp;", "&");
            Assert.True(href.StartsWith('/'), card.Groups[1].Value);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(href)).StatusCode);
        }
        Assert.Equal(Regex.Matches(page, "class=\"card indicator-card").Count, Regex.Matches(page, "stretched-link").Count);

        // The village table: each under-line cell opens the list of its village on the same year, date and definition.
        var table = page[page.IndexOf("id=\"villages\"", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        var cells = Regex.Matches(table, "<a href=\"(/Plan/Households\\?key=(under-line-households|under-line-projected)&amp;date=2023-06-30&amp;village=[^\"]+)\" data-key=\"[\\w-]+\">(\\d+)户</a>");
        Assert.True(cells.Count >= 10, $"{cells.Count} cells link to their lists");
        foreach (Match cell in cells)
        {
            var list = await admin.GetStringAsync(cell.Groups[1].Value.Replace("&amp;", "&") + "&size=500");
            Assert.Equal(int.Parse(cell.Groups[3].Value), Count(list));
            Assert.Equal(int.Parse(cell.Groups[3].Value), Rows(list));
            if (cell.Groups[2].Value == "under-line-households")
            {
                // Half a year's recorded income: the list says which months, and judges nothing.
                Assert.Contains("已录入1—6月", list);
                Assert.DoesNotContain("未达标", list);
            }
        }
        // Short column titles (the table fits 1366 px), the full name on hover.
        foreach (Match th in Regex.Matches(table[..table.IndexOf("</thead>", StringComparison.Ordinal)], "<th class=\"num\" title=\"([^\"]+)\">([^<]+)</th>"))
            Assert.True(th.Groups[2].Value.Length <= 10 && th.Groups[1].Value.Length >= th.Groups[2].Value.Length, th.Groups[2].Value);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Lists_keep_to_the_users_scope(string provider)
    {
        var manglai = await web.Client(provider, "manglai");
        var list = await manglai.GetStringAsync("/Plan/Households?key=under-line-households&date=2023-06-30&size=500");
        // The list comes in pages (a county's is tens of thousands of households); the count in the heading is the whole list's.
        var whole = Rows(list);
        var paged = await manglai.GetStringAsync("/Plan/Households?key=under-line-households&date=2023-06-30&size=5");
        Assert.Equal(Math.Min(5, whole), Rows(paged));
        Assert.Contains($"<strong id=\"counted\">{whole}</strong>", paged);
        if (whole > 5) Assert.Contains("rel=\"next\"", paged);
        var villages = Regex.Matches(list, "</a></td><td>([^<]+)</td>").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(villages);
        Assert.Equal(["芒来村"], villages);
        Assert.Equal(HttpStatusCode.NotFound, (await manglai.GetAsync("/Plan/Households?key=under-line-households&village=勐永社区")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manglai.GetAsync("/Plan/Households?key=no-such-indicator")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manglai.GetAsync("/Plan/Households?key=trained")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Departments_are_held_against_their_own_measures_deadlines(string provider)
    {
        var leader = await web.Client(provider, "leader");
        var page = await leader.GetStringAsync("/?date=2023-12-31");
        var table = page[page.IndexOf("id=\"departments\"", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        var rows = Regex.Matches(table, "<tr data-department=\"([^\"]+)\">[\\s\\S]*?</tr>").ToList();
        Assert.Contains(rows, r => r.Groups[1].Value == "镇农业农村服务中心");
        foreach (var row in rows)
        {
            var n = Regex.Matches(row.Value, "<td class=\"num[^\"]*\">(\\d+)").Select(m => int.Parse(m.Groups[1].Value)).ToList();
            // measures ≥ due ≥ due and done; overdue: due, not done, past its day.
            Assert.True(n[0] >= n[1] && n[1] >= n[2] && n[3] <= n[1] - n[2] && n[4] >= n[2], row.Value);
        }
        // A department sees its own row only.
        var nongye = await web.Client(provider, "nongye");
        var own = await nongye.GetStringAsync("/?date=2023-12-31");
        Assert.Equal(["镇农业农村服务中心"], Regex.Matches(own, "<tr data-department=\"([^\"]+)\">").Select(m => m.Groups[1].Value));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task It_counts_the_open_integrity_alerts_each_user_may_see_and_says_when_the_review_is_overdue(string provider)
    {
        // Two entries written in after a held review had judged their month: one in 芒来村, one elsewhere.
        var fixture = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(fixture.Store, "测试").Get(null);
        Core.Rhythm.Review held;
        using (var c = fixture.Store.CreateContext())
            held = new Qingling.Data.Rhythm.RhythmHandler(fixture.Store, plan, "测试").Hold(Qingling.Data.Rhythm.ReviewPackBuilder.Build(c, plan, new DateOnly(2023, 6, 15)), Core.Rhythm.ReviewKind.HalfMonthly);
        using (var c = fixture.Store.CreateContext())
        {
            var manglai = c.Regions.Single(r => r.Name == "芒来村").Id;
            foreach (var h in new[] { c.Households.First(x => x.VillageId == manglai), c.Households.First(x => x.VillageId != manglai) })
                c.IncomeEntries.Add(new Core.Income.IncomeEntry
                {
                    HouseholdId = h.Id, Year = 2023, Month = 5, Category = Core.Income.IncomeCategory.Wage, Subcategory = "务工收入", Amount = 3_000m,
                    Source = Core.Income.IncomeSource.Manual, RecordedBy = "补录人", RecordedAt = held.HeldAt.AddMinutes(5),
                });
            c.SaveChanges();
        }
        var counts = new Dictionary<string, int>();
        foreach (var user in new[] { "admin", "manglai" })
        {
            var client = await web.Client(provider, user);
            var page = await client.GetStringAsync("/?date=2023-06-30");
            var integrity = await client.GetStringAsync("/Integrity?Year=2023&Status=open");
            var open = Regex.Matches(integrity, "data-status=\"open\"").Count;
            var shown = Regex.Match(page, "id=\"open-alerts\">[^<]*<a href=\"/Integrity\\?Status=open\"><strong>(\\d+)</strong>");
            Assert.Equal(open, shown.Success ? int.Parse(shown.Groups[1].Value) : 0);
            counts[user] = open;

        }
        // The town sees both; a village only its own.
        Assert.True(counts["admin"] >= 2, $"the town sees {counts["admin"]} open alerts");
        Assert.True(counts["manglai"] >= 1 && counts["manglai"] < counts["admin"], $"芒来村 sees {counts["manglai"]}");

        // The review's rhythm: 15 days after the review held on 15 June is on time; 31 July, 46 days after, is not.
        var leader = await web.Client(provider, "leader");
        Assert.DoesNotContain("id=\"review-overdue\"", await leader.GetStringAsync("/?date=2023-06-30"));
        var late = Core.Supervision.Cadence.ReviewOverdueNote(new DateOnly(2023, 6, 15), new DateOnly(2023, 7, 31), plan.Rhythm.ReviewEveryDays, 2023);
        Assert.NotNull(late);
        Assert.Contains(late, await leader.GetStringAsync("/?date=2023-07-31"));
    }
}
