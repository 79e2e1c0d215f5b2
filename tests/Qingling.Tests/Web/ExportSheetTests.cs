using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using Qingling.Tests.Support;
using Qingling.Web.Serve;

namespace Qingling.Tests.Web;

/// <summary>
/// Every .xlsx the web hands out: a title row (plan, scope, data date, who, when), 户主姓名 beside 户编号, a sheet named in
/// Chinese; the measures and review exports hold exactly the rows of the page with the same query parameters.
/// </summary>
public class ExportSheetTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    /// <summary>Each export, the sheet it must be on, and whether it lists households (so carries 户编号 and 户主姓名).</summary>
    public static readonly (string Url, string Sheet, bool Households)[] Exports =
    [
        ("/export/targets.xlsx?year=2022", "清零对象", true),
        ("/export/indicators.xlsx?date=2023-06-30", "指标按村", false),
        ("/export/measures.xlsx", "帮扶措施", true),
        ("/export/review.xlsx?date=2023-06-30", "半月研判", true),
        ("/export/trace.xlsx", "留痕", false),
        ("/Assessment?handler=Excel", "考核", false),
    ];

    public sealed record Sheet(string Name, string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

    /// <summary>Reads an export as MiniExcel sees it: row 1 the title, row 2 the headers, then the rows keyed by header.</summary>
    public static async Task<Sheet> Download(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {response.StatusCode}");
        Assert.Equal(Qingling.Web.Exports.XlsxExport.ContentType, response.Content.Headers.ContentType!.MediaType);
        return Read(await response.Content.ReadAsByteArrayAsync());
    }

    public static Sheet Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var name = Assert.Single(MiniExcel.GetSheetNames(stream));
        stream.Position = 0;
        var raw = MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        var columns = raw[1].Keys.Where(k => raw[1][k] is not null).ToList();
        var headers = columns.Select(k => raw[1][k]!.ToString()!).ToList();
        var rows = raw.Skip(2).Select(r => (IReadOnlyDictionary<string, object?>)columns.Select((k, i) => (headers[i], r.TryGetValue(k, out var v) ? v : null))
            .ToDictionary(p => p.Item1, p => p.Item2)).ToList();
        return new Sheet(name, raw[0]["A"]?.ToString() ?? "", headers, rows);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_export_has_a_title_row_a_named_sheet_and_the_heads_name_beside_the_code(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var db = await web.Database(provider);
        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        var display = ServeCommand.DemoAccounts.Single(a => a.Name == "admin").Display;
        foreach (var (url, sheetName, households) in Exports)
        {
            var sheet = await Download(admin, url);
            Assert.Equal(sheetName, sheet.Name);
            Assert.DoesNotContain("Sheet", sheet.Name);
            if (url.Contains("trace")) Assert.StartsWith("留痕", sheet.Title);
            else Assert.Contains($"方案：{plan.Name}", sheet.Title);
            foreach (var part in new[] { "范围：", "数据：", $"导出人：{display}（admin）", "导出时间：" }) Assert.True(sheet.Title.Contains(part), $"{url}: “{sheet.Title}” lacks {part}");
            Assert.NotEmpty(sheet.Rows);
            if (households)
            {
                var code = sheet.Headers.ToList().IndexOf("户编号");
                Assert.True(code >= 0, $"{url}: no 户编号");
                Assert.Equal("户主姓名", sheet.Headers[code + 1]);
            }
        }
        var targets = await Download(admin, "/export/targets.xlsx?year=2022");
        Assert.Contains("数据：2022年收入", targets.Title);
        Assert.Contains("范围：全镇", targets.Title);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_department_exports_its_own_scope_and_says_so(string provider)
    {
        var department = ServeCommand.DemoAccounts.First(a => a.Department is not null);
        var client = await web.Client(provider, department.Name);
        var sheet = await Download(client, "/export/measures.xlsx");
        Assert.Contains($"范围：{department.Department}", sheet.Title);
        Assert.All(sheet.Rows, r => Assert.Equal(department.Department, r["责任单位"]));
    }

    static List<long> PageMeasureIds(string html) =>
        Regex.Matches(html, "data-measure=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)).ToList();

    [Theory, MemberData(nameof(Providers))]
    public async Task The_measures_export_of_a_filtered_page_has_exactly_the_pages_rows(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var all = PageMeasureIds(await admin.GetStringAsync("/Measures?size=500"));
        var checkedFilters = 0;
        foreach (var query in new[] { "View=overdue", "View=due", "View=unverified", "View=all&Department=镇农业农村服务中心", "View=overdue&Department=镇农业农村服务中心" })
        {
            var html = await admin.GetStringAsync($"/Measures?{query}&size=500");
            var page = PageMeasureIds(html);
            Assert.Equal(Regex.Match(html, "id=\"measure-count\">(\\d+)<").Groups[1].Value, page.Count.ToString());
            // The page links to the export with its own filters.
            Assert.Contains("/export/measures.xlsx?View=", html);
            var sheet = await Download(admin, $"/export/measures.xlsx?{query}");
            var exported = sheet.Rows.Where(r => r.ContainsKey("编号")).Select(r => Convert.ToInt64(r["编号"])).ToList();
            Assert.Equal(page.Order(), exported.Order());
            if (page.Count > 0 && page.Count < all.Count) checkedFilters++;
        }
        Assert.True(checkedFilters >= 2, "the demo has filters that select some measures and not others");
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_review_export_of_a_date_has_exactly_that_dates_pack(string provider)
    {
        var admin = await web.Client(provider, "admin");
        foreach (var date in new[] { "2023-03-31", "2023-06-30" })
        {
            var html = await admin.GetStringAsync($"/Reviews?date={date}");
            var sheet = await Download(admin, $"/export/review.xlsx?date={date}");
            Assert.Contains($"数据：截至{date}", sheet.Title);
            foreach (var (id, part) in new[] { ("due", "即将到期措施"), ("overdue", "逾期措施"), ("unverified", "待核实措施") })
            {
                var start = html.IndexOf($"id=\"{id}\"><tbody>", StringComparison.Ordinal);
                var onPage = start < 0 ? [] : Regex.Matches(html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)], "<td>#(\\d+)</td>").Select(m => m.Groups[1].Value).ToList();
                var exported = sheet.Rows.Where(r => r["部分"] as string == part).Select(r => Regex.Match((string)r["事项"]!, "#(\\d+)").Groups[1].Value).ToList();
                Assert.Equal(onPage.Order(), exported.Order());
            }
            var entered = Regex.Matches(html, "<li data-code=\"(\\w+)\"><strong>新进入").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(entered.Order(), sheet.Rows.Where(r => r["部分"] as string == "新进入清零名单").Select(r => (string)r["户编号"]!).Order());
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_targets_export_figures_are_the_APIs(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var api = await admin.GetFromJsonAsync<List<Qingling.Web.Api.ApiEndpoints.TargetDto>>("/api/targets?year=2022");
        var sheet = await Download(admin, "/export/targets.xlsx?year=2022");
        Assert.Equal(api!.Select(t => (t.HouseholdCode, t.PerCapitaNetIncome)).Order(),
            sheet.Rows.Select(r => ((string)r["户编号"]!, Convert.ToDecimal(r["人均纯收入"]))).Order());
    }
}
