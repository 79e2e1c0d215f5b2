using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>
/// Every .xlsx export opened by a real office program, LibreOffice Calc (headless, converting to CSV): it opens, the title
/// and header rows are there, and its figures are the page's and the API's. CI installs LibreOffice (libreoffice-calc-nogui),
/// so there a missing soffice is a failure; elsewhere the test is skipped, as the browser tests do without Chromium.
/// </summary>
public class LibreOfficeExportTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static string? Soffice() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/lib/libreoffice/program")
            .Select(d => Path.Combine(d, "soffice")).FirstOrDefault(File.Exists);

    /// <summary>Converts the files to UTF-8 CSV in one run, with a profile of its own so parallel runs don't share LibreOffice's lock.</summary>
    static Dictionary<string, List<string[]>> Convert(string soffice, string folder, IEnumerable<string> files)
    {
        var profile = Path.Combine(folder, "profile");
        var start = new ProcessStartInfo(soffice) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { $"-env:UserInstallation={new Uri(profile).AbsoluteUri}", "--headless", "--norestore",
                     "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", Path.Combine(folder, "csv") }) start.ArgumentList.Add(a);
        foreach (var f in files) start.ArgumentList.Add(f);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A generous bound for a cold start on a busy machine; it only stops a hung office program from hanging the suite.
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("LibreOffice did not finish converting within 5 minutes");
        }
        Assert.True(process.ExitCode == 0, $"soffice exit {process.ExitCode}: {output.Result} {error.Result}");
        return files.ToDictionary(f => Path.GetFileName(f), f =>
        {
            var csv = Path.Combine(folder, "csv", Path.GetFileNameWithoutExtension(f) + ".csv");
            Assert.True(File.Exists(csv), $"LibreOffice did not open {Path.GetFileName(f)}: {output.Result} {error.Result}");
            return Parse(File.ReadAllText(csv, Encoding.UTF8));
        });
    }

    /// <summary>RFC 4180, as LibreOffice writes it.</summary>
    static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(cell.ToString()); cell.Clear();
                rows.Add([.. row]); row.Clear();
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add([.. row]); }
        return rows;
    }

    /// <summary>The data rows keyed by the header row (row 2, under the title).</summary>
    static List<Dictionary<string, string>> Rows(List<string[]> csv) =>
        csv.Skip(2).Select(r => csv[1].Select((h, i) => (h, v: i < r.Length ? r[i] : "")).Where(p => p.h.Length > 0).ToDictionary(p => p.h, p => p.v)).ToList();

    static decimal Number(string s) => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture);

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_export_opens_in_LibreOffice_with_the_pages_figures(string provider)
    {
        var soffice = Soffice();
        if (soffice is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("soffice (LibreOffice) is missing on CI: .ci/install installs libreoffice-calc-nogui");
            Assert.Skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)");
            return;
        }
        var admin = await web.Client(provider, "admin");
        var folder = Directory.CreateTempSubdirectory("qingling-lo-").FullName;
        try
        {
            var files = new List<string>();
            var sheets = new Dictionary<string, ExportSheetTests.Sheet>();
            var traceCount = -1;
            foreach (var (url, sheetName, _) in ExportSheetTests.Exports)
            {
                // The trace export counts the lines there are when it reads them (its own line comes after): the page just before shows as many.
                if (url.Contains("trace")) traceCount = int.Parse(Regex.Match(await admin.GetStringAsync("/Trace"), "id=\"trace-count\">(\\d+)<").Groups[1].Value, CultureInfo.InvariantCulture);
                var file = Path.Combine(folder, sheetName + ".xlsx");
                var bytes = await admin.GetByteArrayAsync(url);
                await File.WriteAllBytesAsync(file, bytes);
                files.Add(file);
                sheets[sheetName + ".xlsx"] = ExportSheetTests.Read(bytes);
            }
            var csvs = Convert(soffice, folder, files);

            foreach (var (name, csv) in csvs)
            {
                var sheet = sheets[name];
                Assert.Equal(sheet.Title, csv[0][0]);
                Assert.Equal(sheet.Headers, csv[1].Where(h => h.Length > 0));
                Assert.Equal(sheet.Rows.Count, csv.Count - 2);
            }

            var targets = await admin.GetFromJsonAsync<List<Qingling.Web.Api.ApiEndpoints.TargetDto>>("/api/targets?year=2022");
            Assert.Equal(targets!.Select(t => (t.HouseholdCode, t.PerCapitaNetIncome)).Order(),
                Rows(csvs["清零对象.xlsx"]).Select(r => (r["户编号"], Number(r["人均纯收入"]))).Order());

            var measures = await admin.GetFromJsonAsync<List<Qingling.Data.Measures.MeasureRow>>("/api/measures");
            Assert.Equal(measures!.Select(m => (m.Id, m.ExpectedGain)).Order(),
                Rows(csvs["帮扶措施.xlsx"]).Select(r => (long.Parse(r["编号"], CultureInfo.InvariantCulture), Number(r["预期增收"]))).Order());

            var indicators = await admin.GetFromJsonAsync<List<Qingling.Web.Api.ApiEndpoints.IndicatorDto>>("/api/progress?date=2023-06-30");
            var town = Rows(csvs["指标按村.xlsx"]).ToDictionary(r => r["指标"], r => r["全镇"]);
            foreach (var i in indicators!)
            {
                Assert.True(town.ContainsKey(i.Name), $"indicator {i.Name} missing");
                if (i.Value is { } v) Assert.Equal(Math.Round(v, 2), Math.Round(Number(town[i.Name]), 2));
                else Assert.Equal("", town[i.Name]);
            }

            var review = await admin.GetStringAsync("/Reviews?date=2023-06-30");
            var overdue = Regex.Match(review, "四、逾期未完成的措施：(\\d+) 项").Groups[1].Value;
            Assert.Equal(int.Parse(overdue, CultureInfo.InvariantCulture), Rows(csvs["半月研判.xlsx"]).Count(r => r["部分"] == "逾期措施"));

            Assert.Equal(traceCount, Rows(csvs["留痕.xlsx"]).Count);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
