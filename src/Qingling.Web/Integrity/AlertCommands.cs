using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Income;
using Qingling.Core.Integrity;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Data.Integrity;
using Qingling.Web.Cli;

namespace Qingling.Web.Integrity;

/// <summary>
/// `qingling integrity show|explain|confirm|dismiss ID`: working one stored alert from the command line. Without
/// --user the operator acts as the town administrator (they hold the database); with --user NAME the move is made in
/// that account's name and under its role and scope, as on the web.
/// </summary>
public static class AlertCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Show();
        yield return Explain();
        yield return Confirm();
        yield return Dismiss();
    }

    static Argument<long> Id() => new("id") { Description = "预警编号（integrity 列表的 id 列）" };

    static Option<string?> User() => new("--user") { Description = "以此账号的名义和权限处理（村干部、部门工作人员、审计等）；不给时以镇管理员身份" };

    static Command Show()
    {
        var id = Id();
        var command = new Command("show", "查看一条预警及该户当年的收入条目（查实更正时要用条目编号）") { id };
        command.SetAction(parse =>
        {
            var store = CommonOptions.Open(parse);
            using var db = store.CreateContext();
            var a = Find(db, parse.GetValue(id));
            Console.WriteLine($"诚信预警#{a.Id} 户{a.HouseholdCode}（{a.Village}）{a.Year}年 {IntegrityKinds.Name(a.Kind)}：{AlertStatuses.Name(a.Status)}{(a.Firing ? "" : "（重新核查时已不再触发）")}");
            Console.WriteLine($"原因：{a.Reason}");
            Console.WriteLine($"依据：{a.Evidence}");
            if (a.Status != AlertStatus.Open) Console.WriteLine($"处理：{a.DecidedBy}，{a.Note}{(a.CorrectionEntryId is { } e ? $"，更正条目#{e}" : "")}");
            var entries = db.IncomeEntries.AsNoTracking().Where(e => e.HouseholdId == a.HouseholdId && e.Year == a.Year).OrderBy(e => e.Month).ThenBy(e => e.Category).ThenBy(e => e.Id).ToList();
            Output.Write(entries, EntryColumns, OutputFormat.Table, caption: $"户{a.HouseholdCode}{a.Year}年收入条目");
            return 0;
        });
        return command;
    }

    static readonly Column<IncomeEntry>[] EntryColumns =
    [
        new("id", "条目", e => e.Id, true),
        new("month", "月份", e => e.Month, true, e => e.Month is { } m ? $"{m}月" : "全年"),
        new("category", "类别", e => IncomeCategories.Name(e.Category)),
        new("subcategory", "分项", e => e.Subcategory),
        new("amount", "金额", e => e.Amount, true, e => Money.Show(e.Amount)),
        new("recordedBy", "录入", e => e.RecordedBy),
        new("excluded", "不计入", e => e.ExcludedReason ?? ""),
    ];

    static Command Explain()
    {
        var id = Id();
        var evidence = new Option<string>("--evidence") { Description = "说明的依据（务工证明、销售凭据、走访记录等）", Required = true };
        var user = User();
        var command = new Command("explain", "说明预警：写明实际情况与依据（本村干部、驻村工作队或部门工作人员）") { id, evidence, user };
        command.SetAction(parse => Act(parse, user, id, h => h.Explain(parse.GetValue(id), parse.GetValue(evidence)!)));
        return command;
    }

    static Command Confirm()
    {
        var id = Id();
        var entries = new Option<long[]>("--entry") { Description = "查实为虚增、不再计入的收入条目编号（可多次给出）", Required = true, AllowMultipleArgumentsPerToken = true };
        var actual = new Option<decimal?>("--actual") { Description = "核实后实际取得的收入（元），记为新条目；不给则只去掉虚增部分" };
        var note = new Option<string>("--note") { Description = "查实的情况", Required = true };
        var user = User();
        var command = new Command("confirm", "查实预警并更正收入：所列条目不再计入纯收入，可按实际另记一条（留痕）") { id, entries, actual, note, user };
        command.SetAction(parse => Act(parse, user, id, h => h.Confirm(parse.GetValue(id), parse.GetValue(entries) ?? [], parse.GetValue(actual), parse.GetValue(note)!)));
        return command;
    }

    static Command Dismiss()
    {
        var id = Id();
        var reason = new Option<string>("--reason") { Description = "排除的理由", Required = true };
        var user = User();
        var command = new Command("dismiss", "排除预警（仅镇管理员或审计）") { id, reason, user };
        command.SetAction(parse => Act(parse, user, id, h => h.Dismiss(parse.GetValue(id), parse.GetValue(reason)!)));
        return command;
    }

    static int Act(ParseResult parse, Option<string?> userOption, Argument<long> idArgument, Func<AlertHandler, AlertRecord> move)
    {
        var store = CommonOptions.Open(parse);
        string actor = CommonOptions.Actor;
        var role = Role.Admin;
        if (parse.GetValue(userOption) is { } name)
        {
            using var db = store.CreateContext();
            var user = db.Users.AsNoTracking().SingleOrDefault(u => u.UserName == name && !u.Disabled)
                ?? throw new UsageException($"没有账号“{name}”（或已停用）");
            var alert = Find(db, parse.GetValue(idArgument));
            if (!InScope(db, user, alert)) throw new UsageException($"账号“{name}”无权查看户{alert.HouseholdCode}");
            (actor, role) = ($"{user.UserName}（{user.DisplayName}，经{CommonOptions.Actor}）", user.Role);
        }
        try
        {
            var done = move(new AlertHandler(store, actor, role));
            Console.WriteLine($"诚信预警#{done.Id}（户{done.HouseholdCode}·{IntegrityKinds.Name(done.Kind)}）已改为“{AlertStatuses.Name(done.Status)}”{(done.CorrectionEntryId is { } e ? $"，更正条目#{e}" : "")}");
            return 0;
        }
        catch (AlertRefusedException e) { throw new UsageException(e.Message); }
        catch (AlertRejectedException e) { throw new UsageException(e.Message); }
    }

    static AlertRecord Find(QinglingDbContext db, long id) =>
        db.Alerts.AsNoTracking().SingleOrDefault(a => a.Id == id) ?? throw new UsageException($"没有诚信预警#{id}（先运行 qingling integrity --year … 生成预警）");

    /// <summary>The same scope as the web: villages their villages, departments the households their measures touch.</summary>
    internal static bool InScope(QinglingDbContext db, Core.Users.User user, AlertRecord alert) => user.Role switch
    {
        Role.Village => user.VillageList.Contains(alert.Village),
        Role.Department => db.Measures.Any(m => m.HouseholdId == alert.HouseholdId && m.Department == user.Department),
        _ => true,
    };
}
