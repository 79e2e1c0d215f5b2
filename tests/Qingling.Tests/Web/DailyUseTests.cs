using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Households;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>
/// Daily use (issue #11): households known by their head's name and group on every list, found from the top bar,
/// lists cut into pages that keep their filters, forms that redirect, keep what was typed and list every problem,
/// and the app's own error pages.
/// </summary>
public class DailyUseTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    async Task<(string Code, string Head, string Group)> Head(string provider, string code)
    {
        var db = await web.Database(provider);
        using var c = db.Store.CreateContext();
        var h = c.Households.AsNoTracking().Single(x => x.Code == code);
        return (code, c.Members.AsNoTracking().Single(m => m.HouseholdId == h.Id && m.RelationToHead == Member.HeadRelation && m.LeftOn == null).Name, h.GroupName!);
    }

    static List<string> Codes(string html, string table)
    {
        var start = html.IndexOf($"id=\"{table}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table {table}");
        var body = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        return Regex.Matches(body, "<tr[^>]*>\\s*(?:<td[^>]*>[^<]*</td>)?<td[^>]*><a href=\"/Households/(\\w+)\"").Select(m => m.Groups[1].Value).ToList();
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Lists_and_exports_show_the_heads_name_and_group_beside_the_code(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var targets = await admin.GetStringAsync("/Targets");
        var (code, head, group) = await Head(provider, Codes(targets, "targets")[0]);
        Assert.Contains($"<th>户主</th>", targets);
        Assert.Matches($"<a href=\"/Households/{code}\">{code}</a></td><td>{head}</td><td>[^<]+</td><td>{group}</td>", targets);

        var measures = await admin.GetStringAsync("/Measures?View=all");
        var (mcode, mhead, _) = await Head(provider, Codes(measures, "measures")[0]);
        Assert.Contains($"<a href=\"/Households/{mcode}\">{mcode}</a></td><td data-label=\"户主\">{mhead}</td>", measures);

        // The alerts and the review pack (its tables and its lists) name each household's head after its code.
        // (The demo town has no integrity alerts; the integrity page's own tests build a town that has.)
        var named = 0;
        foreach (var page in new[] { "/Integrity?Year=2023", "/Reviews?date=2023-06-30" })
        {
            var html = await admin.GetStringAsync(page);
            var shown = Regex.Matches(html, "/Households/(\\w+)\">\\1</a>(?:</td><td>| )([^<（]+)[<（]").Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
            foreach (var (c, name) in shown.Take(5)) Assert.Equal((await Head(provider, c)).Head, name);
            named += shown.Count;
        }
        Assert.True(named > 0, "no household named on the alerts or the review pack");

        foreach (var (path, sheetCode) in new[] { ("/export/targets.xlsx", code), ("/export/measures.xlsx", mcode) })
        {
            using var stream = new MemoryStream(await admin.GetByteArrayAsync(path));
            var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, startCell: "A2").Cast<IDictionary<string, object?>>().ToList();
            var row = rows.First(r => (string?)r["户编号"] == sheetCode);
            Assert.Equal((await Head(provider, sheetCode)).Head, row["户主姓名"]);
            Assert.Equal((await Head(provider, sheetCode)).Group, row["组"]);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_search_finds_a_household_by_name_code_or_the_last_digits_of_an_ID_and_traces_ID_searches(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var code = Codes(await admin.GetStringAsync("/Targets"), "targets")[0];
        var (_, head, _) = await Head(provider, code);
        var db = await web.Database(provider);
        string id;
        using (var c = db.Store.CreateContext())
        {
            var householdId = c.Households.AsNoTracking().Single(h => h.Code == code).Id;
            var member = c.Members.AsNoTracking().Where(m => m.HouseholdId == householdId).OrderBy(m => m.RelationToHead == Member.HeadRelation ? 1 : 0).First();
            id = db.Store.Protector.Decrypt(member.IdCipher);
        }
        Assert.Contains("id=\"search-q\"", await admin.GetStringAsync("/Targets")); // in the top bar of every page
        foreach (var q in new[] { head, code, code[^6..], id[^4..], id[^6..], id.ToLowerInvariant() })
        {
            var page = await admin.GetStringAsync("/Search?q=" + Uri.EscapeDataString(q));
            Assert.True(page.Contains($"href=\"/Households/{code}\""), $"“{q}” did not find {code}");
        }
        var none = await admin.GetStringAsync("/Search?q=" + Uri.EscapeDataString("不存在的名字"));
        Assert.Contains("id=\"hit-count\">0<", none);
        Assert.Contains("没有找到", none);
        // The hidden digits never appear: the hit names the member with the masked number.
        var tail = await admin.GetStringAsync("/Search?q=" + id[^4..]);
        Assert.DoesNotContain(id, tail);
        using (var c = db.Store.CreateContext())
            Assert.Contains(c.AuditEntries.AsNoTracking().Where(a => a.Action == "查找").ToList(), a => a.Summary.Contains(id[^4..]) && a.Actor.StartsWith("admin"));
        var tooLong = await admin.GetAsync("/Search?q=" + new string('张', 41));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("查找内容过长", await tooLong.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Lists_come_in_pages_that_continue_and_keep_their_filters(string provider)
    {
        var admin = await web.Client(provider, "admin");
        foreach (var (path, table) in new[] { ("/Targets?Sort=village", "targets"), ("/Measures?View=all", "measures") })
        {
            var all = Codes(await admin.GetStringAsync(path + "&size=10"), table);
            var first = await admin.GetStringAsync(path + "&size=5");
            var second = await admin.GetStringAsync(path + "&size=5&p=2");
            Assert.Equal(5, Codes(first, table).Count);
            Assert.InRange(Codes(second, table).Count, 1, 5);
            Assert.Equal(all, Codes(first, table).Concat(Codes(second, table)).Take(all.Count).ToList());
            // The next page's link keeps the filter and the size.
            var next = Regex.Match(first, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value.Replace("&amp;", "&");
            Assert.Contains("size=5", next);
            Assert.Contains("p=2", next);
            Assert.Contains(path.Split('?')[1], next);
        }
        // The export follows the page's filters, on a named sheet.
        var filtered = await admin.GetStringAsync("/Targets?Missing=finance");
        var exportLink = Regex.Match(filtered, "href=\"(/export/targets.xlsx[^\"]+)\" id=\"export\"").Groups[1].Value.Replace("&amp;", "&");
        using (var stream = new MemoryStream(await admin.GetByteArrayAsync(exportLink)))
        {
            Assert.Equal(["清零对象"], MiniExcelLibs.MiniExcel.GetSheetNames(stream));
            Assert.Equal(9, MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, startCell: "A2").Count());
        }
        // Sizes are bounded: no page of 100,000 rows.
        Assert.Contains("每页 500 条", await admin.GetStringAsync("/Measures?View=all&size=100000"));
        var targets = await admin.GetStringAsync("/Targets?Missing=finance&size=5&p=2");
        Assert.Contains("<strong id=\"target-count\">9</strong>", targets); // the count is the whole list's
        Assert.Equal(4, Codes(targets, "targets").Count);
    }

    /// <summary>The screening page's households not yet visited come in pages too, whose links keep the round and the size.</summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task The_households_still_to_visit_come_in_pages_that_keep_the_round(string provider)
    {
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        var round = new Qingling.Data.Rhythm.RhythmHandler(db.Store, plan, "测试").AddRound("芒国村", new(2023, 9, 1), new(2023, 9, 15), "分页测试").Id;
        using (var c = db.Store.CreateContext()) Assert.True(Qingling.Data.Rhythm.RhythmQueries.Round(c, round).NotVisited.Count > 6);
        var admin = await web.Client(provider, "admin");
        static List<string> Rows(string html)
        {
            var start = html.IndexOf("id=\"not-visited\"", StringComparison.Ordinal);
            var body = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
            return Regex.Matches(body, "<tr data-code=\"(\\w+)\"").Select(m => m.Groups[1].Value).ToList();
        }
        var first = await admin.GetStringAsync($"/Screening?Round={round}&size=5");
        var all = Rows(await admin.GetStringAsync($"/Screening?Round={round}&size=10"));
        Assert.Equal(5, Rows(first).Count);
        var next = Regex.Match(first, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value.Replace("&amp;", "&");
        Assert.Contains($"Round={round}", next);
        Assert.Contains("size=5", next);
        Assert.Contains("p=2", next);
        var second = Rows(await admin.GetStringAsync(next));
        Assert.InRange(second.Count, 1, 5);
        Assert.Equal(all.Take(5 + second.Count), Rows(first).Concat(second));
    }

    async Task<(HttpClient Client, string Token)> Cadre(string provider)
    {
        var client = await web.Client(provider, "mengyong");
        return (client, await WebFixture.Token(client, "/Screening"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Screening_explains_itself_redirects_after_saving_and_keeps_a_refused_form(string provider)
    {
        var (client, token) = await Cadre(provider);
        var empty = await client.GetStringAsync("/Screening");
        if (!empty.Contains("id=\"rounds\"")) Assert.Contains("还没有排查", empty);

        // A refused round: both problems at once, what was typed kept.
        var refused = await client.PostAsync("/Screening?handler=Round", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["village"] = "勐永社区", ["from"] = "2023-06-20", ["to"] = "2023-06-01", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("早于开始日期", refusedHtml);
        Assert.Contains("value=\"2023-06-01\"", refusedHtml);

        var created = await client.PostAsync("/Screening?handler=Round", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["village"] = "勐永社区", ["from"] = "2023-06-01", ["to"] = "2023-06-15", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var roundUrl = created.Headers.Location!.ToString();
        var round = await client.GetStringAsync(roundUrl);
        Assert.Contains("已建立排查", round);
        var roundId = Regex.Match(roundUrl, "Round=(\\d+)").Groups[1].Value;
        // The rounds table counts the round's visits (kept per data version: a visit moves it).
        static string Visited(string html, string id) => Regex.Match(html, $"href=\"/Screening\\?Round={id}\"[^<]*</a></td><td>[^<]*</td><td class=\"num\">(\\d+)</td>").Groups[1].Value;
        Assert.Equal("0", Visited(round, roundId));
        // The not-yet-visited list: names, groups, a 走访 button each; the visit date is within the round.
        var code = Codes(round, "not-visited")[0];
        var (_, head, group) = await Head(provider, code);
        Assert.Contains($"<td>{head}</td><td>{group}</td>", round);
        Assert.Contains($"Household={code}#add-visit", round);
        Assert.Contains("id=\"on\" name=\"on\" value=\"2023-06-15\"", round); // today, brought within the round
        var prefilled = await client.GetStringAsync($"/Screening?Round={roundId}&Household={code}");
        Assert.Contains($"id=\"household\" name=\"household\" list=\"households\" value=\"{code}\"", prefilled);

        // A refused visit lists every problem and keeps what was typed; none has an empty “”.
        var bad = await client.PostAsync("/Screening?handler=Visit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Round"] = roundId, ["household"] = "", ["on"] = "2023-07-30", ["visitors"] = "岩明", ["changes"] = "外出务工", ["risks"] = "因不存在",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        var problems = Regex.Matches(badHtml[badHtml.IndexOf("id=\"problems\"")..], "<li>").Count;
        Assert.True(problems >= 3, badHtml);
        Assert.Contains("请填写户编号", badHtml);
        Assert.DoesNotContain("“”", badHtml);
        Assert.Contains("value=\"外出务工\"", badHtml);
        Assert.Contains("value=\"岩明\"", badHtml);
        // A missing date is named with the rest, not alone.
        var undated = await (await client.PostAsync("/Screening?handler=Visit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Round"] = roundId, ["household"] = "", ["on"] = "", ["visitors"] = "", ["__RequestVerificationToken"] = token,
        }))).Content.ReadAsStringAsync();
        Assert.Contains("请填写走访日期", undated);
        Assert.Contains("请填写户编号", undated);
        Assert.Contains("请写明走访人", undated);

        // A saved visit redirects: reloading the page it lands on records nothing twice.
        var saved = await client.PostAsync("/Screening?handler=Visit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Round"] = roundId, ["household"] = code, ["on"] = "2023-06-10", ["visitors"] = "岩明", ["changes"] = "无变化", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var landed = await client.GetStringAsync(saved.Headers.Location!.ToString());
        Assert.Contains("已记录走访", landed);
        Assert.Equal("1", Visited(landed, roundId));
        await client.GetStringAsync(saved.Headers.Location!.ToString());
        var db = await web.Database(provider);
        using var c = db.Store.CreateContext();
        Assert.Equal(1, c.Visits.Count(v => v.RoundId == long.Parse(roundId)));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Errors_get_the_apps_own_page_and_the_layout_helps_keyboard_and_screen_reader_users(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var missing = await admin.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var html = await missing.Content.ReadAsStringAsync();
        Assert.Contains("id=\"way-back\"", html);
        Assert.Contains("favicon.svg", html);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/favicon.svg")).StatusCode);
        var denied = await (await web.Client(provider, "mengyong")).GetStringAsync("/Account/Denied");
        Assert.Contains("id=\"way-back\"", denied);

        var targets = await admin.GetStringAsync("/Targets");
        Assert.Contains("class=\"skip-link\" href=\"#main\"", targets);
        Assert.Contains("id=\"main\"", targets);
        Assert.Contains("href=\"/Targets\" aria-current=\"page\"", targets);
        Assert.DoesNotContain("href=\"/Measures\" aria-current", targets);
    }

    /// <summary>
    /// A department lands on its own work, with its measures done and waiting to be verified (the income they brought
    /// counts only once verified) and not another department's; the leader lands on the dashboard.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task A_department_lands_on_its_measures_to_verify_and_the_leader_on_the_dashboard(string provider)
    {
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        var handler = new Qingling.Data.Measures.MeasureHandler(db.Store, plan, "测试");
        string code;
        using (var c = db.Store.CreateContext())
            code = c.Households.AsNoTracking().Where(h => c.Measures.Any(m => m.HouseholdId == h.Id)).OrderBy(h => h.Code).Select(h => h.Code).First();
        Qingling.Core.Measures.Measure Done(string department, string description)
        {
            var m = handler.Add(new Qingling.Data.Measures.MeasureInput
            {
                Household = code, Channel = Core.Measures.Channels.Industry, Description = description, Department = department,
                Start = new(2023, 3, 1), End = new(2023, 12, 31), ConsentOn = new(2023, 2, 1), ConsentHow = "户主签字", ExpectedGain = 2_000m, GainCategory = "生产经营性",
            });
            m = handler.Move(m.Id, Core.Measures.MeasureStatus.UnderWay, new(2023, 3, 10), "已开工");
            return handler.Move(m.Id, Core.Measures.MeasureStatus.Done, new(2023, 5, 20), "验收单");
        }
        var ours = Done("镇农业农村服务中心", "待核实测试·农业");
        var theirs = Done("镇社会保障服务中心", "待核实测试·社保");

        var client = await web.Client(provider);
        var landing = await WebFixture.SignIn(client, "nongye", Qingling.Web.Serve.ServeCommand.DemoAccounts.Single(a => a.Name == "nongye").Password);
        Assert.Equal("/Mine", landing.Headers.Location?.ToString());
        var mine = await client.GetStringAsync("/Mine");
        var toVerify = mine[mine.IndexOf("id=\"measures-unverified\"")..];
        Assert.Contains($"data-measure=\"{ours.Id}\"", toVerify);
        Assert.DoesNotContain($"data-measure=\"{theirs.Id}\"", mine);
        Assert.Contains("href=\"/Measures?View=unverified\"", mine);
        var count = int.Parse(Regex.Match(mine, "id=\"unverified-count\">(\\d+)<").Groups[1].Value);
        using (var c = db.Store.CreateContext())
            Assert.Equal(c.Measures.Count(m => m.Department == "镇农业农村服务中心" && m.Status == Core.Measures.MeasureStatus.Done), count);

        // Verified, it leaves the list.
        handler.Move(ours.Id, Core.Measures.MeasureStatus.Verified, new(2023, 6, 20), "销售凭据", 2_000m, "种植业收入");
        Assert.DoesNotContain($"data-measure=\"{ours.Id}\"", await client.GetStringAsync("/Mine"));

        var leader = await web.Client(provider);
        var leaderLanding = await WebFixture.SignIn(leader, "leader", Qingling.Web.Serve.ServeCommand.DemoAccounts.Single(a => a.Name == "leader").Password);
        Assert.Equal("/", leaderLanding.Headers.Location?.ToString());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_village_cadre_lands_on_my_work_with_households_to_visit_measures_and_own_tasks(string provider)
    {
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        var rhythm = new Qingling.Data.Rhythm.RhythmHandler(db.Store, plan, "测试");
        var round = rhythm.AddRound("芒来村", new(2023, 6, 1), new(2023, 6, 15), null);
        string visited, other;
        using (var c = db.Store.CreateContext())
        {
            var village = c.Regions.Single(r => r.Name == "芒来村").Id;
            var codes = c.Households.AsNoTracking().Where(h => h.VillageId == village).OrderBy(h => h.Code).Select(h => h.Code).ToList();
            (visited, other) = (codes[0], codes[1]);
        }
        var (_, followUp) = rhythm.AddVisit(new Qingling.Data.Rhythm.VisitInput
        {
            Round = round.Id, Household = visited, On = new(2023, 6, 5), Visitors = "岩明", Changes = "务工中断", Risks = ["因务工就业不稳"],
        });
        Assert.NotNull(followUp);

        var client = await web.Client(provider); // signs in through the form, as a person does
        var response = await WebFixture.SignIn(client, "manglai", Qingling.Web.Serve.ServeCommand.DemoAccounts.Single(a => a.Name == "manglai").Password);
        Assert.Equal("/Mine", response.Headers.Location?.ToString());
        var mine = await client.GetStringAsync("/Mine");
        Assert.Contains("aria-current=\"page\"", mine[..mine.IndexOf("</nav>")]);
        var toVisit = mine[mine.IndexOf("id=\"to-visit\"")..mine.IndexOf("id=\"my-measures\"")];
        var (_, head, group) = await Head(provider, other);
        Assert.Contains($"data-code=\"{other}\"", toVisit);
        Assert.Contains(head, toVisit);
        Assert.Contains(group, toVisit);
        Assert.Contains($"Household={other}#add-visit", toVisit);
        Assert.DoesNotContain($"data-code=\"{visited}\"", toVisit);
        Assert.Contains($"data-task=\"{followUp!.Id}\"", mine);
        Assert.Contains("走访时发现的风险", mine);
        Assert.Matches("id=\"overdue-count\">\\d+<", mine);

        // The village completes its own task from here; reloading completes nothing twice.
        var token = await WebFixture.Token(client, "/Mine");
        var done = await client.PostAsync("/Mine?handler=Done", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["taskId"] = followUp.Id.ToString(), ["on"] = "2023-06-10", ["note"] = "已联系帮扶车间", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.DoesNotContain($"data-task=\"{followUp.Id}\"", await client.GetStringAsync("/Mine"));
        using (var c = db.Store.CreateContext()) Assert.Equal(Core.Rhythm.TaskStatus.Done, c.Tasks.Single(t => t.Id == followUp.Id).Status);

        // Another village's cadre neither sees nor completes it.
        var task2 = rhythm.AddTask(null, "芒来村的任务", "芒来村", new(2023, 7, 1), []);
        var mengyong = await web.Client(provider, "mengyong");
        Assert.DoesNotContain($"data-task=\"{task2.Id}\"", await mengyong.GetStringAsync("/Mine"));
        var refused = await mengyong.PostAsync("/Mine?handler=Done", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["taskId"] = task2.Id.ToString(), ["note"] = "x", ["__RequestVerificationToken"] = await WebFixture.Token(mengyong, "/Mine"),
        }));
        Assert.Contains("/Account/Denied", refused.Headers.Location?.ToString() ?? "");
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_department_changes_a_measures_status_from_its_list_and_returns_to_the_same_filters(string provider)
    {
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        string code;
        using (var c = db.Store.CreateContext())
            code = c.Households.AsNoTracking().Where(h => c.Measures.Any(m => m.HouseholdId == h.Id && m.Department == "镇农业农村服务中心")).Select(h => h.Code).First();
        var measure = new Qingling.Data.Measures.MeasureHandler(db.Store, plan, "测试").Add(new Qingling.Data.Measures.MeasureInput
        {
            Household = code, Channel = Core.Measures.Channels.Industry, Description = "列表改状态测试", Department = "镇农业农村服务中心",
            Start = new(2023, 3, 1), End = new(2023, 12, 31), ConsentOn = new(2023, 2, 1), ConsentHow = "户主签字",
        });
        var nongye = await web.Client(provider, "nongye");
        var list = await nongye.GetStringAsync("/Measures?View=all&size=500");
        Assert.Contains($"id=\"status-{measure.Id}\"", list);
        Assert.Contains("class=\"table table-sm table-striped cards\"", list);
        Assert.Contains($"for=\"status-{measure.Id}-evidence\">佐证", list);
        var token = Regex.Match(list, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        // Refused (done needs evidence): every reason, what was typed kept, on the same list.
        var refused = await nongye.PostAsync("/Measures?handler=Status&View=all&size=500", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["measureId"] = measure.Id.ToString(), ["version"] = measure.Version.ToString(), ["status"] = "done", ["date"] = "2023-02-01", ["evidence"] = "",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("须附佐证", html);
        Assert.Contains("早于措施开始日期", html);
        Assert.Contains($"id=\"status-{measure.Id}-date\" value=\"2023-02-01\"", html);

        var saved = await nongye.PostAsync("/Measures?handler=Status&View=all&size=500", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["measureId"] = measure.Id.ToString(), ["version"] = measure.Version.ToString(), ["status"] = "under-way", ["date"] = "2023-06-01", ["evidence"] = "已开工",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/Measures?View=all&size=500", saved.Headers.Location!.ToString());
        Assert.Contains("已改为“实施中”", await nongye.GetStringAsync(saved.Headers.Location!.ToString()));
        using (var c = db.Store.CreateContext()) Assert.Equal(Core.Measures.MeasureStatus.UnderWay, c.Measures.AsNoTracking().Single(m => m.Id == measure.Id).Status);

        // Another department's measure: no form, and a forged post is refused.
        var shebao = await web.Client(provider, "shebao");
        var other = await shebao.PostAsync("/Measures?handler=Status", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["measureId"] = measure.Id.ToString(), ["status"] = "cancelled", ["date"] = "2023-06-01", ["__RequestVerificationToken"] = await WebFixture.Token(shebao, "/Measures"),
        }));
        Assert.False(other.IsSuccessStatusCode || other.StatusCode == HttpStatusCode.Redirect && !other.Headers.Location!.ToString().Contains("Denied"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_trace_reads_field_by_field_in_Chinese_filters_pages_and_exports(string provider)
    {
        var admin = await web.Client(provider, "admin");
        // A visit and a task, so those objects are in the trace.
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        var rhythm = new Qingling.Data.Rhythm.RhythmHandler(db.Store, plan, "留痕测试");
        rhythm.AddTask(null, "留痕测试任务", "镇社会保障服务中心", new(2023, 7, 1), []);
        string code;
        using (var c = db.Store.CreateContext())
            code = c.AuditEntries.AsNoTracking().Where(a => a.HouseholdId != null && a.Before != null && a.After != null).Join(c.Households, a => a.HouseholdId, h => h.Id, (a, h) => h.Code).First();

        var page = await admin.GetStringAsync("/Trace");
        Assert.Contains("<option>任务</option>", page);
        Assert.DoesNotContain("{&quot;", page); // no raw JSON
        Assert.DoesNotContain("{\"", page);
        Assert.Contains("class=\"table table-sm table-borderless mb-0 trace-fields\"", page);

        var tasks = await admin.GetStringAsync("/Trace?Entity=" + Uri.EscapeDataString("任务") + "&user=" + Uri.EscapeDataString("留痕测试"));
        Assert.Contains("id=\"trace-count\">1<", tasks);
        Assert.Contains("留痕测试任务", tasks);
        var household = await admin.GetStringAsync("/Trace?Household=" + code);
        Assert.Contains("→ ", household);
        var empty = await admin.GetStringAsync("/Trace?From=2001-01-01&To=2001-01-31");
        Assert.Contains("id=\"trace-count\">0<", empty);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/Trace?Household=nosuch")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/Trace?From=2023-02-01&To=2023-01-01")).StatusCode);

        var first = await admin.GetStringAsync("/Trace?size=5");
        var second = await admin.GetStringAsync("/Trace?size=5&p=2");
        var ids1 = Regex.Matches(first, "data-entry=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)).ToList();
        var ids2 = Regex.Matches(second, "data-entry=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(5, ids1.Count);
        Assert.True(ids2.Count > 0 && ids2.Max() < ids1.Min(), "the second page continues where the first ends");

        var export = await admin.GetAsync("/export/trace.xlsx?entity=" + Uri.EscapeDataString("任务") + "&user=" + Uri.EscapeDataString("留痕测试"));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var stream = new MemoryStream(await export.Content.ReadAsByteArrayAsync());
        Assert.Equal(["留痕"], MiniExcelLibs.MiniExcel.GetSheetNames(stream));
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, startCell: "A2").Cast<IDictionary<string, object?>>().ToList();
        Assert.Single(rows);
        Assert.Contains("留痕测试任务", (string)rows[0]["内容"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await web.Client(provider, "leader")).GetAsync("/export/trace.xlsx")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_household_and_review_forms_redirect_after_saving_and_keep_a_refused_form(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var code = Codes(await admin.GetStringAsync("/Targets"), "targets")[0];
        var token = await WebFixture.Token(admin, $"/Households/{code}");
        var page = await admin.GetStringAsync($"/Households/{code}");
        // The start date offered is the data's date, within the plan year the end date closes: never refused for its dates.
        var start = Regex.Match(page, "id=\"Start\" name=\"Start\" type=\"date\" value=\"([^\"]+)\"").Groups[1].Value;
        var end = Regex.Match(page, "id=\"End\" name=\"End\" type=\"date\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.True(string.CompareOrdinal(start, end) <= 0, $"{start} after {end}");

        var form = new Dictionary<string, string>
        {
            ["Channel"] = "industry", ["Kind"] = "茶叶种植", ["Description"] = "表单保留测试", ["Department"] = "镇农业农村服务中心", ["ResponsiblePerson"] = "李华",
            ["Start"] = start, ["End"] = end, ["ExpectedGain"] = "1200", ["GainCategory"] = "生产经营性", ["PaysFromMonth"] = "9", ["ConsentOn"] = "", ["ConsentHow"] = "",
            ["__RequestVerificationToken"] = token,
        };
        var refused = await admin.PostAsync($"/Households/{code}?handler=Add", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("未同意", html);
        Assert.Contains("value=\"表单保留测试\"", html);
        Assert.Contains("value=\"9\"", html);
        Assert.Contains("<option selected=\"selected\">生产经营性</option>", html);

        form["ConsentOn"] = start;
        form["ConsentHow"] = "户主签字";
        var saved = await admin.PostAsync($"/Households/{code}?handler=Add", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("已新增措施", await admin.GetStringAsync(saved.Headers.Location!.ToString()));
        var db = await web.Database(provider);
        using (var c = db.Store.CreateContext())
            Assert.Equal(1, c.Measures.AsNoTracking().Count(m => m.Description == "表单保留测试"));

        var review = await admin.PostAsync("/Reviews?handler=Hold", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["date"] = "2023-05-31", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, review.StatusCode);
        Assert.Contains("已冻结", await admin.GetStringAsync(review.Headers.Location!.ToString()));
        // What was frozen is the page's pack for those data: the same as the town's pack read afresh.
        using (var c = db.Store.CreateContext())
        {
            var held = c.Reviews.AsNoTracking().Where(r => r.On == new DateOnly(2023, 5, 31)).OrderByDescending(r => r.Id).First();
            var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
            var fresh = Qingling.Data.Rhythm.ReviewPackBuilder.Build(c, plan, new DateOnly(2023, 5, 31));
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(fresh),
                System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonSerializer.Deserialize<Qingling.Core.Rhythm.ReviewPack>(held.Snapshot)));
        }
        var again = await admin.PostAsync("/Reviews?handler=Hold", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["date"] = "2023-05-31", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode); // the same review twice is refused, not recorded twice
    }
}
