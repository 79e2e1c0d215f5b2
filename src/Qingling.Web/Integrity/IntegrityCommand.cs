using System.CommandLine;
using Qingling.Core.Integrity;
using Qingling.Data.Integrity;
using Qingling.Web.Cli;

namespace Qingling.Web.Integrity;

/// <summary>`qingling integrity`: the 数字增收 alerts of a year, as a county inspection team would draw them up.</summary>
public static class IntegrityCommand
{
    static readonly Column<(IntegrityAlert Alert, AlertRecord? Record)>[] Columns =
    [
        new("id", "编号", a => a.Record?.Id, true),
        new("householdCode", "户编号", a => a.Alert.HouseholdCode),
        new("village", "村", a => a.Alert.Village),
        new("kind", "类型", a => a.Alert.Kind, Display: a => a.Alert.KindName),
        new("reason", "预警原因", a => a.Alert.Reason),
        new("evidence", "依据", a => a.Alert.Evidence),
        new("status", "状态", a => a.Record is { } r ? r.Status.ToString().ToLowerInvariant() : "open", Display: a => AlertStatuses.Name(a.Record?.Status ?? AlertStatus.Open)),
        new("note", "处理说明", a => a.Record?.Note),
    ];

    static readonly Column<VillageBunching>[] BunchingColumns =
    [
        new("village", "村", b => b.Village),
        new("justAbove", "刚过线户", b => b.JustAbove, true),
        new("justBelow", "差一点户", b => b.JustBelow, true),
        new("share", "刚过线占比", b => b.Share, true, b => b.Share is { } s ? $"{s * 100:0.#}%" : "—"),
        new("townShare", "全镇占比", b => b.TownShare, true, b => b.TownShare is { } s ? $"{s * 100:0.#}%" : "—"),
    ];

    public static Command Create()
    {
        var year = FormatOption.Year("收入年度");
        var village = new Option<string?>("--village") { Description = "只列出此村（社区）的预警（比较仍以全镇为准）" };
        var kind = new Option<string?>("--kind") { Description = $"只列出此类预警：{string.Join("、", IntegrityKinds.All)}" };
        var line = new Option<decimal?>("--line") { Description = "收入线（元/人·年），默认取方案的收入线，无方案时 10000" };
        var format = FormatOption.Create();
        var status = new Option<string?>("--status") { Description = "只列出此状态的预警：open（待处理）、explained（已说明）、confirmed（已查实）、dismissed（已排除）" };
        var command = new Command("integrity", "诚信预警：查找“数字增收”的疑点（刚过线、数据雷同、整数、无故大涨、前后矛盾）；预警可说明、查实更正或排除") { year, village, kind, line, status, format };
        foreach (var sub in AlertCommands.Create()) command.Subcommands.Add(sub);
        command.SetAction(parse =>
        {
            string? kindKey = null;
            if (parse.GetValue(kind) is { } k)
                kindKey = IntegrityKinds.Parse(k) ?? throw new UsageException(
                    $"没有预警类型“{k}”。已有：{string.Join("、", IntegrityKinds.All.Select(x => $"{x}（{IntegrityKinds.Name(x)}）"))}");
            if (parse.GetValue(line) is <= 0) throw new UsageException("--line 应为正数");
            AlertStatus? statusFilter = null;
            if (parse.GetValue(status) is { } st)
                statusFilter = AlertStatuses.Parse(st) ?? throw new UsageException($"没有预警状态“{st}”。已有：open、explained、confirmed、dismissed");
            var store = CommonOptions.Open(parse);
            using var db = store.CreateContext();
            var y = parse.GetValue(year);
            var villageName = parse.GetValue(village);
            Known.Village(db, villageName);
            Known.YearHasIncome(db, y, null);
            var lineValue = parse.GetValue(line)
                ?? (db.Plans.Any() ? new Data.Plans.PlanHandler(store, CommonOptions.Actor).Get(parse.GetValue(CommonOptions.Plan)).IncomeLine : 10_000m);
            var settings = new IntegritySettings { Line = lineValue };
            var version = Data.Database.DataVersion.Figures(db);
            var report = IntegrityQuery.Run(db, y, settings);
            // Recomputing keeps what was decided about alerts that still fire, and opens the new ones.
            var records = AlertHandler.Sync(db, y, report);
            AlertsChecked.Mark(db, y, lineValue, version);
            var alerts = report.Alerts
                .Where(a => villageName is null || a.Village == villageName)
                .Where(a => kindKey is null || a.Kind == kindKey)
                .Select(a => (Alert: a, Record: records.GetValueOrDefault((a.HouseholdCode, a.Kind, a.EvidenceKey))))
                .Where(a => statusFilter is null || (a.Record?.Status ?? AlertStatus.Open) == statusFilter).ToList();
            var f = parse.GetValue(format);
            var households = alerts.Select(a => a.Alert.HouseholdCode).Distinct().Count();
            Output.Write(alerts, Columns, f);
            // The summary goes on its own line: a table caption is cut to the table's width.
            if (f == OutputFormat.Table)
            {
                Console.WriteLine($"{y}年诚信预警：{alerts.Count}条，涉及{households}户（收入线{lineValue:0.##}元）");
                if (!report.WholeYear)
                    Console.WriteLine($"{y}年尚无年度记录，收入只是已录入月份之和：“刚过收入线”“收入无故大涨”及收入线附近户数待年度记录导入后再判断。");
            }
            if (f == OutputFormat.Table && report.WholeYear && (kindKey is null or IntegrityKinds.JustOverLine))
            {
                var bunching = report.Bunching.Where(b => villageName is null || b.Village == villageName).ToList();
                Output.Write(bunching, BunchingColumns, f,
                    caption: $"刚过线（收入线至高出{settings.JustOverShare * 100:0.#}%）与差一点（低于收入线{settings.JustOverShare * 100:0.#}%以内）的户数");
            }
            return 0;
        });
        return command;
    }
}
