using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>Every page and export renders for the roles that may use it, in Chinese, with the figures of the demo.</summary>
public class PageTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Each_page_renders_with_its_content(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var dashboard = await admin.GetStringAsync("/");
        Assert.Contains("勐永镇2023年人均纯收入低于1万元", dashboard);
        Assert.Contains("数据截至", dashboard);
        Assert.Contains("value=\"2023-06-30\"", dashboard);
        Assert.Contains("技能培训人数", dashboard);
        Assert.Contains("id=\"chart-source\" data-url=\"/api/charts?date=2023-06-30\"", dashboard);
        var villages = dashboard[dashboard.IndexOf("id=\"villages\"")..];
        Assert.Contains("清零对象产业帮扶覆盖率", villages);
        Assert.Contains(">勐永社区</a></td><td class=\"num\">2</td>", villages);
        Assert.DoesNotMatch("&#x[4-9][0-9A-F]{3};", dashboard); // Chinese is written as text, not entities

        var targets = await admin.GetStringAsync("/Targets");
        Assert.Contains("<strong id=\"target-count\">11</strong>", targets);
        Assert.Contains("9,999.99", targets);
        var filtered = await admin.GetStringAsync("/Targets?Missing=finance");
        Assert.Contains("<strong id=\"target-count\">9</strong>", filtered);

        var code = Regex.Match(targets, "href=\"/Households/(\\d+)\"").Groups[1].Value;
        var file = await admin.GetStringAsync($"/Households/{code}");
        Assert.Contains("家庭成员", file);
        Assert.Matches("99\\d{4}\\*{11}[\\dX]", file);
        Assert.Contains("一户一策", file);
        Assert.Contains("留痕", file);
        Assert.Contains("一户一策帮扶卡", await admin.GetStringAsync($"/Households/{code}/Card"));

        Assert.Contains("镇社会保障服务中心", await admin.GetStringAsync("/Measures?View=all"));
        Assert.Contains("按责任单位", await admin.GetStringAsync("/Plan"));
        var funds = await admin.GetStringAsync("/Funds");
        Assert.Contains("47.62%", funds);
        Assert.Contains("导入全国防返贫监测信息系统导出文件", await admin.GetStringAsync("/Import"));
        Assert.Contains("只可追加", await admin.GetStringAsync("/Trace"));
        var quarter = await admin.GetStringAsync("/Quarter?Year=2023&Quarter=2");
        Assert.Contains("6月末", quarter);
        Assert.Contains("技能培训人数", quarter);
        Assert.Contains("勐永社区", quarter);
        Assert.Contains("镇级半月研判", await admin.GetStringAsync("/Reviews?date=2023-06-30"));
        Assert.Contains("村级动态排查", await admin.GetStringAsync("/Screening"));
        var village = await web.Client(provider, "mengyong");
        foreach (var townOnly in new[] { "/Quarter", "/Reviews" })
        {
            var denied = await village.GetAsync(townOnly);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, denied.StatusCode);
            Assert.Contains("/Account/Denied", denied.Headers.Location!.ToString());
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_department_sees_its_own_measures_and_overdue_ones(string provider)
    {
        var nongye = await web.Client(provider, "nongye");
        var page = await nongye.GetStringAsync("/Measures?View=all");
        Assert.Contains("镇农业农村服务中心", page);
        Assert.DoesNotContain("<td>镇社会保障服务中心</td>", page);
        var overdue = await nongye.GetStringAsync("/Measures?View=overdue");
        Assert.Contains("id=\"measure-count\">0</span>", overdue);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Exports_are_Excel_files_and_personal_data_exports_are_recorded(string provider)
    {
        var admin = await web.Client(provider, "admin");
        foreach (var path in new[] { "/export/targets.xlsx?year=2022", "/export/indicators.xlsx?date=2023-06-30", "/export/measures.xlsx" })
        {
            var response = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal((byte)'P', bytes[0]); // a zip: xlsx
            using var stream = new MemoryStream(bytes);
            var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, startCell: "A2").Cast<IDictionary<string, object>>().ToList();
            Assert.NotEmpty(rows);
            if (path.Contains("targets")) Assert.Equal(11, rows.Count);
        }
        var db = await web.Database(provider);
        using var c = db.Store.CreateContext();
        Assert.Contains(c.AuditEntries, a => a.Action == "导出" && a.Summary.Contains("清零对象11户"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Uploading_a_file_with_an_error_lists_it_and_changes_nothing(string provider)
    {
        var admin = await web.Client(provider, "admin");
        var db = await web.Database(provider);
        var b = ExportBuilder.FromTown(3, seed: 77);
        b.Set(1, "劳动技能", "全劳力");
        var path = b.WriteCsv(Path.Combine(db.Folder, "upload.csv"));
        int Households() { using var c = db.Store.CreateContext(); return c.Households.Count(); }
        var before = Households();

        var token = await WebFixture.Token(admin, "/Import");
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", "upload.csv");
        form.Add(new StringContent("2022"), "year");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var posted = await admin.PostAsync("/Import", form);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, posted.StatusCode);
        var jobId = System.Text.RegularExpressions.Regex.Match(posted.Headers.Location!.ToString(), "job=([0-9a-f]+)").Groups[1].Value;
        var app = await web.App(provider);
        await app.Services.GetRequiredService<Qingling.Web.Web.ImportJobs>().Find(jobId, "admin")!.Completion;
        var html = await admin.GetStringAsync(posted.Headers.Location!.ToString());
        Assert.Contains("数据库未作任何改动", html);
        Assert.Contains("全劳力", html);
        Assert.Equal(before, Households());
        var link = Regex.Match(html, "href=\"(/Import\\?handler=Problems&amp;id=[0-9a-f]+)\"").Groups[1].Value.Replace("&amp;", "&");
        var csv = await admin.GetStringAsync(link);
        Assert.Contains($"upload.csv,{b.FileRow(1)},劳动技能,全劳力", csv);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_API_is_described_by_an_OpenAPI_document(string provider)
    {
        var leader = await web.Client(provider, "leader");
        var doc = await leader.GetStringAsync("/api/openapi.json");
        foreach (var path in new[] { "/api/targets", "/api/households/{code}", "/api/progress", "/api/measures", "/api/measures/{id}/status" })
            Assert.Contains($"\"{path}\"", doc);
        var progress = await leader.GetStringAsync("/api/progress?date=2023-06-30");
        Assert.Contains("\"key\":\"trained\"", progress);
    }
}
