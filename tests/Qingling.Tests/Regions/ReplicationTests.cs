using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using Qingling.Core.Demo;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Export;
using Qingling.Core.Regions;
using Qingling.Core.Targets;
using Qingling.Data.Import;
using Qingling.Data.Regions;
using Qingling.Web.Regions;
using Qingling.Web.Users;
using Qingling.Web.Web;

namespace Qingling.Tests.Regions;

/// <summary>
/// Two county instances feeding a province through PostgreSQL logical replication, on one machine: three clusters on
/// their own ports (tests/replication/cluster.sh), set up with the deploy/replication scripts as an operator would.
/// Runs when QINGLING_TEST_REPLICATION is set (.ci/run sets it; it needs the PostgreSQL server binaries).
/// </summary>
public sealed class ReplicationTests : IDisposable
{
    static readonly string Repository = Plans.PlanTests.RepoRoot();
    readonly string _base = Directory.CreateTempSubdirectory("qingling-repl-").FullName;
    readonly List<string> _clusters = [];

    /// <summary>A cluster (its data in <paramref name="Data"/>) and the folder its key file and exports live in.</summary>
    sealed record Instance(string Name, int Port, string Folder, string Data)
    {
        public string Connection => $"Host=127.0.0.1;Port={Port};Username=qingling;Database=qingling;Pooling=false";
        public string Libpq => $"host=127.0.0.1 port={Port} user=qingling dbname=qingling";
        public string KeyFile => Path.Combine(Folder, "qingling.key");
        public string[] Args => ["--connection", Connection, "--key-file", KeyFile];
    }

    [Fact]
    public async Task Two_counties_feed_the_province_which_catches_up_after_a_county_and_itself_were_away()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("QINGLING_TEST_REPLICATION") is not { Length: > 0 }, "QINGLING_TEST_REPLICATION is not set");
        var a = Start("county-a", 55431);
        var b = Start("county-b", 55432);
        var province = Start("province", 55433);

        // One made-up city of four towns in two counties; each county imports its own villages only.
        var generator = new RegionGenerator(7, 2022, 4, 2);
        var (codeA, codeB) = (generator.Profile(0).CountyCode.PadRight(12, '0'), generator.Profile(3).CountyCode.PadRight(12, '0'));
        Assert.NotEqual(codeA, codeB);
        Import(a, generator, 2022, codeA);
        Import(b, generator, 2022, codeB);

        foreach (var (county, code) in new[] { (a, codeA), (b, codeB) })
        {
            Script(county, "deploy/replication/county-publish.sh", code);
            // The import came before the publication: the first count is by hand (the command for A, in process for B).
            if (county == a) Ok(Run(county, "publish"));
            else using (var c = StoreOf(county).CreateContext()) PublishedFigures.Refresh(c);
        }
        Ok(Run(province, "migrate"));
        Script(province, "deploy/replication/province-add-county.sh", codeA, a.Libpq);
        Script(province, "deploy/replication/province-add-county.sh", codeB, b.Libpq);
        // A second subscription to the same county is refused, not doubled.
        Assert.NotEqual(0, Script(province, "deploy/replication/province-add-county.sh", false, codeA, a.Libpq).ExitCode);

        await Until(() => Arrived(province, a, codeA, 2022) && Arrived(province, b, codeB, 2022), "the province's first copy");
        Assert.True(Caught(province, [a, b], 2022, codeA, codeB, byCommand: true), _lastProblem);
        // Each county's word of when its figures were last confirmed arrived with them.
        Assert.Equal(2, Scalar(province, "SELECT count(*) FROM published_counties WHERE checked_at > now() - interval '1 hour'"));
        var city = JsonByCommand(province, 2022, null);
        Assert.Single(city);
        Assert.Equal(Total(a, 2022, codeA) + Total(b, 2022, codeB), city[0].GetProperty("targetHouseholds").GetInt32());

        // County A is away for a while; B imports its next year; the province shows B's new year and A's last figures.
        Cluster("stop", a.Data);
        Import(b, generator, 2023, codeB);
        await Until(() => Arrived(province, b, codeB, 2023), "B's 2023 while A is down");
        Assert.True(Same(Json(province, 2023, codeB), Json(b, 2023, codeB)), "B's 2023 at the province");
        Assert.True(Same(Json(province, 2022, codeA), Expected2022A), "A's figures stay at the province while A is down");

        // A comes back and imports: the province's subscription reconnects by itself.
        Cluster("start", a.Data, a.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Import(a, generator, 2023, codeA);
        await Until(() => Arrived(province, a, codeA, 2023) && Arrived(province, b, codeB, 2023), "A's 2023 after A came back");
        Assert.True(Caught(province, [a, b], 2023, codeA, codeB), _lastProblem);

        // The province is away while a county changes its plan (a line of 12,000 yuan, weak labour counted): the
        // county's slot keeps the recounted rows until the province returns, which then sums A under A's new rule.
        Cluster("stop", province.Data);
        var plan = Path.Combine(a.Folder, "county-plan.json");
        File.WriteAllText(plan, File.ReadAllText(Path.Combine(Repository, "samples", "mengyong-2023.plan.json"))
            .Replace("\"incomeLine\": 10000", "\"incomeLine\": 12000", StringComparison.Ordinal)
            .Replace("\"weakLabourCounts\": false", "\"weakLabourCounts\": true", StringComparison.Ordinal)
            // A's county's plan: it covers A's villages, so A also publishes their projections and scores.
            .Replace("\"region\": { \"province\": \"云南省\", \"city\": \"临沧市\", \"county\": \"耿马傣族佤族自治县\", \"town\": \"勐永镇\" }",
                $"\"region\": {{ \"province\": \"{generator.Profile(0).Province}\", \"city\": \"{generator.Profile(0).City}\", \"county\": \"{generator.Profile(0).County}\" }}", StringComparison.Ordinal));
        new Qingling.Data.Plans.PlanHandler(StoreOf(a), "测试").Load(plan);
        using (var c = StoreOf(a).CreateContext()) PublishedFigures.Refresh(c); // as the web app would within 5 s
        Cluster("start", province.Data, province.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var planRule = new TargetRule(12_000m, WeakLabourCounts: true);
        await Until(() => Arrived(province, a, codeA, 2023), "the province after it was away");
        Assert.True(Same(Json(province, 2023, codeA), Json(a, 2023, codeA, planRule)), "A under A's new rule at the province");
        Assert.NotEqual(Total(a, 2023, codeA), Json(province, 2023, codeA).Sum(t => t.GetProperty("targetHouseholds").GetInt32()));
        Assert.True(Same(Json(province, 2023, codeB), Json(b, 2023, codeB)), "B's figures are B's own rule's");

        // A county taken out and added again (as after a county's restore from backup): its rows go, then come back afresh.
        Script(province, "deploy/replication/province-remove-county.sh", codeB);
        Assert.Equal(0, Scalar(province, $"SELECT count(*) FROM village_figures WHERE village_code LIKE '{codeB[..6]}%'"));
        Assert.Equal(0, Scalar(b, "SELECT count(*) FROM pg_replication_slots"));
        Assert.Equal(0, Scalar(province, $"SELECT count(*) FROM regions WHERE code LIKE '{codeB[..6]}%'")); // its places too
        Script(province, "deploy/replication/province-add-county.sh", codeB, b.Libpq);
        await Until(() => Arrived(province, b, codeB, 2023) && Arrived(province, b, codeB, 2022), "B added again");
        Assert.True(Same(Json(province, 2023, codeB), Json(b, 2023, codeB)) && Same(Json(province, 2022, codeB), Json(b, 2022, codeB)), "B added again");

        // Schema upgrades: the province first. A column the province already has is filled when the county adds it.
        Sql(province, "ALTER TABLE village_figures ADD COLUMN upgrade_check text");
        Sql(a, "ALTER TABLE village_figures ADD COLUMN upgrade_check text");
        Sql(a, "UPDATE village_figures SET upgrade_check = 'a' WHERE year = 2023");
        await Until(() => Scalar(province, $"SELECT count(*) FROM village_figures WHERE upgrade_check = 'a'") == Scalar(a, "SELECT count(*) FROM village_figures WHERE year = 2023"), "a column added province first");
        // County first stops that county's stream (the province cannot place the column) until the province has it too.
        Sql(b, "ALTER TABLE village_figures ADD COLUMN county_first text");
        var alertsB = $"SELECT COALESCE(SUM(open_alerts), 0) FROM village_figures WHERE village_code LIKE '{codeB[..6]}%' AND year = 2023";
        var before = Scalar(province, alertsB);
        Sql(b, "UPDATE village_figures SET county_first = 'b', open_alerts = open_alerts + 1 WHERE year = 2023");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(before, Scalar(province, alertsB));
        Sql(province, "ALTER TABLE village_figures ADD COLUMN county_first text");
        await Until(() => Scalar(province, "SELECT count(*) FROM village_figures WHERE county_first = 'b'") == Scalar(b, "SELECT count(*) FROM village_figures WHERE year = 2023")
            && Scalar(province, alertsB) == Scalar(b, alertsB), "a county upgraded first, after the province caught up");
        using (var c = StoreOf(b).CreateContext()) PublishedFigures.Refresh(c); // the county's own figures again (the test's hand-made change undone)

        // The province's web pages: a city account reads the roll-up of both counties and changes nothing.
        await ProvincePage(province, generator);
    }

    List<JsonElement>? _expected2022A;
    string _lastProblem = "";
    List<JsonElement> Expected2022A => _expected2022A!;

    bool Caught(Instance province, Instance[] counties, int year, string codeA, string codeB, bool byCommand = false)
    {
        Func<Instance, int, string?, List<JsonElement>> read = byCommand ? JsonByCommand : (i, y, c) => Json(i, y, c);
        var pa = read(province, year, codeA);
        var pb = read(province, year, codeB);
        var (ca, cb) = (read(counties[0], year, codeA), read(counties[1], year, codeB));
        var ok = Same(pa, ca) && Same(pb, cb);
        if (!ok) _lastProblem = $"province {string.Join(";", pa.Concat(pb).Select(e => e.GetRawText()))} counties {string.Join(";", ca.Concat(cb).Select(e => e.GetRawText()))}";
        if (ok && year == 2022) _expected2022A ??= pa;
        return ok;
    }

    /// <summary>
    /// Whether the province holds the county's rows of a year as the county has them (a cheap SQL fingerprint, polled;
    /// the figures are then compared through `qingling region` once).
    /// </summary>
    static bool Arrived(Instance province, Instance county, string code, int year)
    {
        var sql = $"SELECT count(*) || '/' || coalesce(sum(households), 0) || '/' || coalesce(sum(target_households), 0) || '/' || coalesce(sum(target_persons), 0) || '/' || coalesce(sum(open_alerts), 0) || '/' || coalesce(sum(funds), 0) || '/' || coalesce(max(income_line), 0) || '/' || coalesce(bool_or(weak_labour), false) FROM village_figures WHERE year = {year} AND village_code LIKE '{code[..6]}%'";
        var there = Text(province, sql);
        return there == Text(county, sql) && !there.StartsWith("0/", StringComparison.Ordinal);
    }

    static string Text(Instance instance, string sql) => Convert.ToString(Value(instance, sql), System.Globalization.CultureInfo.InvariantCulture)!;

    /// <summary>Row by row, field by field; numbers by value (a sum of numeric yuan prints 0.00 where no project gives 0), texts decoded.</summary>
    static bool Same(List<JsonElement> x, List<JsonElement> y) =>
        x.Count > 0 && x.Count == y.Count && x.Zip(y).All(p => Fields(p.First).SequenceEqual(Fields(p.Second)));

    static IEnumerable<string> Fields(JsonElement row) => row.EnumerateObject().Select(f =>
        f.Name + "=" + (f.Value.ValueKind switch
        {
            JsonValueKind.Number => f.Value.GetDecimal().ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.String => f.Value.GetString(), // decoded: one writer escapes Chinese, the other does not
            _ => f.Value.GetRawText(),
        }));

    int Total(Instance county, int year, string code) => Json(county, year, code).Sum(t => t.GetProperty("targetHouseholds").GetInt32());

    /// <summary>
    /// The rows `region --format json` gives for the county (or the root), computed in this process by the command's
    /// own path (its columns, the province's reading of published rows or the county's count); nothing while the
    /// province does not have the year yet. Starting the command for every check cost CI a minute of CPU; the command
    /// itself is compared once, at the first copy (<see cref="JsonByCommand"/>).
    /// </summary>
    List<JsonElement> Json(Instance instance, int year, string? county, TargetRule? rule = null)
    {
        using var db = StoreOf(instance).CreateContext();
        var tree = RegionQuery.Tree(db);
        if (RegionLookup.Find(tree, county).Region is not { } found) return [];
        RegionRollup rollup;
        if (PublishedFigures.IsReader(db))
        {
            if (!PublishedFigures.Years(db).Contains(year)) return [];
            rollup = PublishedFigures.Rollup(db, tree, found, year).Rollup;
        }
        else
        {
            // A county with a plan publishes its projections and scores on the plan's 数据截至: as `region --date` counts them then.
            var on = db.PublishedVillages.Max(v => v.FiguresOn);
            rollup = RegionQuery.Rollup(db, tree, found, year, rule ?? new TargetRule(),
                on is { } d ? RegionQuery.ProjectedUnderLine(db, tree, d) : null, on is { } day ? RegionQuery.VillageScores(db, tree, day, "测试") : null);
        }
        var rows = rollup.Children.Select(r => RegionCommand.Columns.ToDictionary(c => c.Key, c => c.Value(r))).ToList();
        return JsonDocument.Parse(JsonSerializer.Serialize(rows)).RootElement.EnumerateArray().ToList();
    }

    readonly Dictionary<string, Store> _stores = [];
    Store StoreOf(Instance instance) => _stores.TryGetValue(instance.Name, out var s) ? s
        : _stores[instance.Name] = Store.Open(DatabaseOptions.Postgres(instance.Connection), instance.KeyFile);

    /// <summary>`qingling region --format json`, run as a user would.</summary>
    List<JsonElement> JsonByCommand(Instance instance, int year, string? county)
    {
        var run = Run(instance, ["region", "--year", year.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json",
            .. county is null ? Array.Empty<string>() : ["--region", county]]);
        if (run.ExitCode != 0) _lastProblem = $"{instance.Name}: {run.Error}";
        return run.ExitCode == 0 ? JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToList() : [];
    }

    async Task ProvincePage(Instance province, RegionGenerator generator)
    {
        var store = Store.Open(DatabaseOptions.Postgres(province.Connection), province.KeyFile);
        new UserHandler(store, "测试").Add("city", "市乡村振兴局", Role.Region, "Region2023check", region: "合成市");
        await using var app = WebApp.Build(store, ["http://127.0.0.1:0"], b => b.WebHost.UseTestServer());
        await app.StartAsync();
        var client = new HttpClient(new CookieContainerHandler { InnerHandler = app.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
        await Web.WebFixture.SignIn(client, "city", "Region2023check");
        var page = await client.GetAsync("/Regions?year=2023");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var counties = Json(province, 2023, "合成市");
        Assert.Equal(2, counties.Count);
        foreach (var county in counties)
        {
            Assert.Contains(county.GetProperty("region").GetString()!, html);
            Assert.Contains($">{county.GetProperty("targetHouseholds").GetInt32()}<", html);
        }
        Assert.Contains(generator.Profile(0).County, html);
        // A valid token, so only the rule that region accounts change nothing can refuse it.
        var token = await Web.WebFixture.Token(client, "/Regions?year=2023");
        var post = await client.PostAsync("/Regions", new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("数据截至", html);
        Assert.DoesNotContain("超过1天没有收到", html);
        // County A's plan publishes its villages' projections: the province's card adds them up, with A's date.
        var projected = counties.Sum(c => c.GetProperty("projectedUnderLine").ValueKind == JsonValueKind.Number ? c.GetProperty("projectedUnderLine").GetInt32() : 0);
        Assert.True(counties.Any(c => c.GetProperty("projectedUnderLine").ValueKind == JsonValueKind.Number), "county A's plan should publish projections");
        Assert.Matches($@"截至\d{{4}}-\d{{2}}-\d{{2}}按各村方案推算，预计年底仍低于收入线</div><div class=""fs-5"">{projected}户", html);
        // A county silent for a week (its last word eight days old): the page and the command name it.
        var silentCode = counties[0].GetProperty("code").GetString()![..6];
        Sql(province, $"ALTER SUBSCRIPTION qingling_county_{silentCode} DISABLE");
        Sql(province, $"UPDATE published_counties SET checked_at = now() - interval '8 days' WHERE county_code = '{silentCode}'");
        var stale = await (await client.GetAsync("/Regions?year=2023")).Content.ReadAsStringAsync();
        Assert.Contains("超过1天没有收到这些县的数据", stale);
        var banner = System.Text.RegularExpressions.Regex.Match(stale, "<p[^>]*id=\"silent\"[^>]*>(.*?)</p>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains(counties[0].GetProperty("region").GetString()!, banner);
        Assert.DoesNotContain(counties[1].GetProperty("region").GetString()!, banner);
        Assert.Contains("超过1天没有收到这些县的数据", Run(province, "region", "--year", "2023").Error);
        // Counties that count by different rules (A by its 12,000-yuan plan, B by 10,000) are labelled so, not by one line.
        Assert.Contains("各县按本县方案口径（收入线10000–12000元）", html);
    }

    void Import(Instance county, RegionGenerator generator, int year, string countyCode)
    {
        var g = new RegionGenerator(7, year, 4, 2);
        var path = Path.Combine(county.Folder, $"export-{year}.csv");
        ExportFileWriter.Write(path, g.Generate(240).Where(h => h.VillageCode.StartsWith(countyCode[..6], StringComparison.Ordinal)));
        var result = new ImportHandler(StoreOf(county)).Run(path, new ImportOptions(year));
        Assert.True(result.Outcome == ImportOutcome.Imported, string.Join("；", result.Problems.Kept.Select(p => p.Reason)));
    }

    Instance Start(string name, int port)
    {
        var folder = Path.Combine(_base, name);
        Directory.CreateDirectory(folder);
        var data = Path.Combine(_base, name + "-data");
        _clusters.Add(data);
        Cluster("start", data, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var c = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=qingling;Database=postgres;Pooling=false"))
        {
            c.Open();
            using var create = new NpgsqlCommand("CREATE DATABASE qingling", c);
            create.ExecuteNonQuery();
        }
        return new Instance(name, port, folder, data);
    }

    static void Cluster(params string[] args)
    {
        var run = Process(Path.Combine(Repository, "tests/replication/cluster.sh"), args, []);
        Assert.True(run.ExitCode == 0, $"cluster.sh {string.Join(' ', args)}: {run.Error}");
    }

    (int ExitCode, string Output, string Error) Script(Instance instance, string script, params string[] args) => Script(instance, script, true, args);

    (int ExitCode, string Output, string Error) Script(Instance instance, string script, bool mustSucceed, params string[] args)
    {
        var run = Process(Path.Combine(Repository, script), args, new()
        {
            ["PGHOST"] = "127.0.0.1", ["PGPORT"] = instance.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = "qingling", ["PGDATABASE"] = "qingling",
        });
        if (mustSucceed) Assert.True(run.ExitCode == 0, $"{script}: {run.Error}{run.Output}");
        return run;
    }

    static Support.Cli.Result Run(Instance instance, params string[] args) => Support.Cli.Run(instance.Folder, [.. args, .. instance.Args]);

    static void Ok(Support.Cli.Result run) => Assert.True(run.ExitCode == 0, run.Error + run.Output);

    static void Sql(Instance instance, string sql)
    {
        using var c = new NpgsqlConnection(instance.Connection);
        c.Open();
        using var command = new NpgsqlCommand(sql, c);
        command.ExecuteNonQuery();
    }

    static long Scalar(Instance instance, string sql) => Convert.ToInt64(Value(instance, sql), System.Globalization.CultureInfo.InvariantCulture);

    static object? Value(Instance instance, string sql)
    {
        using var c = new NpgsqlConnection(instance.Connection);
        c.Open();
        using var command = new NpgsqlCommand(sql, c);
        return command.ExecuteScalar();
    }

    async Task Until(Func<bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(90)) Assert.Fail($"the province did not catch up within 90 s: {what} (last: {_lastProblem})");
            await Task.Delay(500);
        }
    }

    static (int ExitCode, string Output, string Error) Process(string file, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var p = System.Diagnostics.Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, output.Result, error.Result);
    }

    public void Dispose()
    {
        foreach (var cluster in _clusters) Process(Path.Combine(Repository, "tests/replication/cluster.sh"), ["remove", cluster], []);
        try { Directory.Delete(_base, recursive: true); } catch (IOException) { }
    }
}
