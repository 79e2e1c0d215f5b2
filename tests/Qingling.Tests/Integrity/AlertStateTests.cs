using Microsoft.EntityFrameworkCore;
using Qingling.Core.Income;
using Qingling.Core.Integrity;
using Qingling.Core.Rhythm;
using Qingling.Core.Users;
using Qingling.Data.Demo;
using Qingling.Data.Integrity;
using Qingling.Data.Plans;
using Qingling.Data.Rhythm;
using Qingling.Tests.Support;

namespace Qingling.Tests.Integrity;

/// <summary>
/// Working the alerts over the two-year town of <see cref="IntegrityQueryTests"/>: each move and who may make it, the
/// trace of every move, the correcting ledger entry of a confirmation, and recomputation keeping decided states.
/// </summary>
public class AlertStateTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    static Dictionary<(string, string, string), AlertRecord> Sync(TestDatabase db)
    {
        using var c = db.Store.CreateContext();
        return AlertHandler.Sync(c, 2023, IntegrityQuery.Run(c, 2023, new IntegritySettings()));
    }

    static AlertRecord Alert(TestDatabase db, string code, string kind)
    {
        Sync(db);
        using var c = db.Store.CreateContext();
        return c.Alerts.AsNoTracking().Single(a => a.HouseholdCode == code && a.Kind == kind && a.Year == 2023);
    }

    static AlertHandler As(TestDatabase db, Role role) => new(db.Store, $"测试{User.RoleName(role)}", role);

    [Theory, MemberData(nameof(Providers))]
    public void Alerts_open_on_first_run_and_recomputing_keeps_the_state_of_those_that_still_fire(string provider)
    {
        using var db = new TestDatabase(provider);
        var town = IntegrityQueryTests.Load(db);
        var pushed = Alert(db, town.Pushed, IntegrityKinds.JustOverLine);
        Assert.Equal(AlertStatus.Open, pushed.Status);
        Assert.True(pushed.Firing);
        As(db, Role.Village).Explain(pushed.Id, "户主在镇上砖厂打零工，有工资条");

        var again = Sync(db);
        var record = again[(town.Pushed, IntegrityKinds.JustOverLine, "")];
        Assert.Equal(pushed.Id, record.Id);
        Assert.Equal(AlertStatus.Explained, record.Status);
        using (var c = db.Store.CreateContext())
        {
            Assert.Equal(1, c.Alerts.Count(a => a.HouseholdCode == town.Pushed && a.Kind == IntegrityKinds.JustOverLine));
            // An alert the checks no longer raise keeps its record and decision but stops firing.
            var line = c.IncomeEntries.Where(e => e.Year == 2023 && e.HouseholdId == pushed.HouseholdId && e.Category == IncomeCategory.Wage).ToList();
            foreach (var e in line) e.ExcludedReason = "测试：去掉工资";
            c.SaveChanges();
        }
        Sync(db);
        using (var c = db.Store.CreateContext())
        {
            var stored = c.Alerts.AsNoTracking().Single(a => a.Id == pushed.Id);
            Assert.False(stored.Firing);
            Assert.Equal(AlertStatus.Explained, stored.Status);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public void Each_move_is_made_only_by_the_roles_allowed_and_only_from_open_and_is_traced(string provider)
    {
        using var db = new TestDatabase(provider);
        var town = IntegrityQueryTests.Load(db);
        var copyA = Alert(db, town.Copies[0], IntegrityKinds.CopyPaste);
        var copyB = Alert(db, town.Copies[1], IntegrityKinds.CopyPaste);
        var jump = Alert(db, town.Jumped, IntegrityKinds.UnexplainedJump);

        foreach (var role in new[] { Role.Leader, Role.Auditor })
            Assert.Contains("只有本村干部", Assert.Throws<AlertRefusedException>(() => As(db, role).Explain(copyA.Id, "说明")).Message);
        foreach (var role in new[] { Role.Village, Role.Department, Role.Leader })
            Assert.Contains("只有镇管理员或审计", Assert.Throws<AlertRefusedException>(() => As(db, role).Dismiss(copyA.Id, "理由")).Message);
        foreach (var role in new[] { Role.Leader, Role.Auditor })
            Assert.Throws<AlertRefusedException>(() => As(db, role).Confirm(copyA.Id, [1], null, "查实"));
        Assert.Contains("依据", Assert.Throws<AlertRejectedException>(() => As(db, Role.Village).Explain(copyA.Id, "  ")).Message);

        var explained = As(db, Role.Department).Explain(copyA.Id, "两户同在合作社分红，账目一致");
        Assert.Equal(AlertStatus.Explained, explained.Status);
        Assert.Contains("已是“已说明”", Assert.Throws<AlertRejectedException>(() => As(db, Role.Admin).Dismiss(copyA.Id, "误报")).Message);
        var dismissed = As(db, Role.Auditor).Dismiss(copyB.Id, "抽查核实无误");
        Assert.Equal(AlertStatus.Dismissed, dismissed.Status);
        Assert.Equal("抽查核实无误", dismissed.Note);
        var dismissedByAdmin = As(db, Role.Admin).Dismiss(jump.Id, "镇管理员复核");
        Assert.Equal(AlertStatus.Dismissed, dismissedByAdmin.Status);

        using var c = db.Store.CreateContext();
        var trace = c.AuditEntries.AsNoTracking().Where(a => a.Entity == "诚信预警").OrderBy(a => a.Id).ToList();
        Assert.Equal([copyA.Id, copyB.Id, jump.Id], trace.Select(t => t.EntityId!.Value).ToArray());
        Assert.Contains("待处理 → 已说明", trace[0].Summary);
        Assert.Contains("测试部门工作人员", trace[0].Actor);
        Assert.Contains("已说明", trace[0].After);
        Assert.Contains("待处理", trace[0].Before);
        Assert.Contains("待处理 → 已排除：抽查核实无误", trace[1].Summary);
        Assert.Equal(copyB.HouseholdId, trace[1].HouseholdId);
    }

    [Theory, MemberData(nameof(Providers))]
    public void Confirming_takes_the_paper_income_out_through_a_traced_entry_linked_to_the_alert(string provider)
    {
        using var db = new TestDatabase(provider);
        var town = IntegrityQueryTests.Load(db);
        var jump = Alert(db, town.Jumped, IntegrityKinds.UnexplainedJump);
        long[] paper, foreign;
        decimal before;
        using (var c = db.Store.CreateContext())
        {
            var entries = c.IncomeEntries.AsNoTracking().Where(e => e.HouseholdId == jump.HouseholdId && e.Year == 2023 && e.Category == IncomeCategory.Production).ToList();
            paper = entries.Where(e => e.Subcategory == "养殖业收入").Select(e => e.Id).ToArray();
            before = IntegrityQuery.Cases(c, 2023).Single(x => x.HouseholdCode == town.Jumped).Income.Production;
            foreign = [c.IncomeEntries.AsNoTracking().First(e => e.HouseholdId != jump.HouseholdId).Id];
        }
        Assert.NotEmpty(paper);
        Assert.Contains("不是户", Assert.Throws<AlertRejectedException>(() => As(db, Role.Village).Confirm(jump.Id, foreign, null, "查实")).Message);
        Assert.Contains("条目", Assert.Throws<AlertRejectedException>(() => As(db, Role.Village).Confirm(jump.Id, [], null, "查实")).Message);

        var confirmed = As(db, Role.Village).Confirm(jump.Id, paper, 2_000m, "养牛实际只卖出一头");
        Assert.Equal(AlertStatus.Confirmed, confirmed.Status);
        using (var c = db.Store.CreateContext())
        {
            var correction = c.IncomeEntries.AsNoTracking().Single(e => e.Id == confirmed.CorrectionEntryId);
            Assert.Equal(2_000m, correction.Amount);
            Assert.Equal(IncomeCategory.Production, correction.Category);
            Assert.StartsWith($"诚信预警#{jump.Id}", correction.Note);
            Assert.All(c.IncomeEntries.AsNoTracking().Where(e => paper.Contains(e.Id)).ToList(), e => Assert.Contains($"诚信预警#{jump.Id}查实", e.ExcludedReason));
            var now = IntegrityQuery.Cases(c, 2023).Single(x => x.HouseholdCode == town.Jumped).Income.Production;
            Assert.True(now < before, $"{now} < {before}");
            var trace = c.AuditEntries.AsNoTracking().Where(a => a.HouseholdId == jump.HouseholdId && a.Summary.Contains($"诚信预警#{jump.Id}")).ToList();
            Assert.Contains(trace, t => t.Entity == "收入" && t.Action == "修改" && t.Before!.Contains("养殖业收入"));
            Assert.Contains(trace, t => t.Entity == "收入" && t.Action == "新增" && t.EntityId == correction.Id);
            Assert.Contains(trace, t => t.Entity == "诚信预警" && t.Summary.Contains("已查实并更正"));
        }
        // The corrected household no longer jumps; the decision stays on record.
        Sync(db);
        using (var c = db.Store.CreateContext())
        {
            var stored = c.Alerts.AsNoTracking().Single(a => a.Id == jump.Id);
            Assert.Equal(AlertStatus.Confirmed, stored.Status);
            Assert.False(stored.Firing);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public void The_command_lists_ids_and_states_and_moves_an_alert_under_a_users_role(string provider)
    {
        using var db = new TestDatabase(provider);
        var town = IntegrityQueryTests.Load(db);
        Qingling.Web.Serve.ServeCommand.EnsureDemoAccounts(db.Store);
        var list = Support.Cli.Run(db.Folder, ["integrity", "--year", "2023", "--format", "csv", .. db.CliArguments]);
        Assert.True(list.ExitCode == 0, list.Error);
        var pushed = Alert(db, town.Pushed, IntegrityKinds.JustOverLine);
        Assert.Contains($"{pushed.Id},{town.Pushed},", list.Output);

        var refused = Support.Cli.Run(db.Folder, ["integrity", "dismiss", pushed.Id.ToString(), "--reason", "误报", "--user", "manglai", .. db.CliArguments]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("只有镇管理员或审计可以排除预警", refused.Error);
        var outOfScope = Support.Cli.Run(db.Folder, ["integrity", "explain", pushed.Id.ToString(), "--evidence", "说明", "--user", "mengyong", .. db.CliArguments]);
        Assert.Equal(2, outOfScope.ExitCode);
        Assert.Contains("无权查看", outOfScope.Error);

        var explained = Support.Cli.Run(db.Folder, ["integrity", "explain", pushed.Id.ToString(), "--evidence", "户主在砖厂打零工，有工资条", "--user", "manglai", .. db.CliArguments]);
        Assert.True(explained.ExitCode == 0, explained.Error);
        Assert.Contains("已改为“已说明”", explained.Output);
        var open = Support.Cli.Run(db.Folder, ["integrity", "--year", "2023", "--status", "open", "--format", "csv", .. db.CliArguments]);
        Assert.DoesNotContain($",{town.Pushed},", open.Output.Split('\n').Where(l => l.Contains(",just-over-line,")).FirstOrDefault() ?? "");
        var shown = Support.Cli.Run(db.Folder, ["integrity", "show", pushed.Id.ToString(), .. db.CliArguments]);
        Assert.Contains("已说明", shown.Output);
        Assert.Contains("务工收入", shown.Output);
        var badStatus = Support.Cli.Run(db.Folder, ["integrity", "--year", "2023", "--status", "done", .. db.CliArguments]);
        Assert.Equal(2, badStatus.ExitCode);
        Assert.Contains("没有预警状态“done”", badStatus.Error);
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_back_dated_entry_is_an_alert_and_the_review_pack_lists_open_alerts_by_village_with_the_new_ones(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        var plan = new PlanHandler(db.Store, "测试").Get(null);
        Review held;
        using (var c = db.Store.CreateContext())
            held = new RhythmHandler(db.Store, plan, "测试").Hold(ReviewPackBuilder.Build(c, plan, new DateOnly(2023, 6, 15)), ReviewKind.HalfMonthly);
        string code, village;
        using (var c = db.Store.CreateContext())
        {
            var h = c.Households.AsNoTracking().OrderBy(x => x.Id).Skip(40).First();
            code = h.Code;
            village = c.Regions.AsNoTracking().Single(r => r.Id == h.VillageId).Name;
            // May's wages written in after the 6/15 review had judged May.
            c.IncomeEntries.Add(new IncomeEntry
            {
                HouseholdId = h.Id, Year = 2023, Month = 5, Category = IncomeCategory.Wage, Subcategory = "务工收入", Amount = 3_000m,
                Source = IncomeSource.Manual, RecordedBy = "补录人", RecordedAt = held.HeldAt.AddMinutes(5),
            });
            c.SaveChanges();
        }
        using (var c = db.Store.CreateContext())
        {
            var pack = ReviewPackBuilder.Build(c, plan, new DateOnly(2023, 6, 30));
            var v = pack.OpenAlerts.Single(a => a.Village == village);
            var alert = Assert.Single(v.Alerts, a => a.HouseholdCode == code && a.Kind == IntegrityKinds.BackDated);
            Assert.True(alert.New);
            Assert.True(v.NewSinceLastReview >= 1);
            Assert.Equal(v.Alerts.Count, v.Open);
            var stored = c.Alerts.AsNoTracking().Single(a => a.Id == alert.Id);
            Assert.Contains("5月工资性收入3,000元由补录人", stored.Reason);
            Assert.Contains("2023-06-15的研判", stored.Reason);
            new RhythmHandler(db.Store, plan, "测试").Hold(pack, ReviewKind.HalfMonthly);
        }
        using (var c = db.Store.CreateContext())
        {
            // Held on 6/30, the alert is no longer news; once explained it leaves the open list.
            var later = ReviewPackBuilder.Build(c, plan, new DateOnly(2023, 7, 15));
            // The command's way (figures first, alerts added after them) makes the same pack, the held review's news included.
            var split = ReviewPackBuilder.WithAlerts(c, plan, ReviewPackBuilder.Build(c, plan, new DateOnly(2023, 7, 15), alerts: false));
            Assert.Empty(ReviewPackBuilder.Build(c, plan, new DateOnly(2023, 7, 15), alerts: false).OpenAlerts);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(later), System.Text.Json.JsonSerializer.Serialize(split));
            var alert = later.OpenAlerts.Single(a => a.Village == village).Alerts.Single(a => a.HouseholdCode == code && a.Kind == IntegrityKinds.BackDated);
            Assert.False(alert.New);
            As(db, Role.Village).Explain(alert.Id, "5月工资条当时未交回，6月底补交");
        }
        using (var c = db.Store.CreateContext())
        {
            var after = ReviewPackBuilder.Build(c, plan, new DateOnly(2023, 7, 16));
            Assert.DoesNotContain(after.OpenAlerts.SelectMany(v => v.Alerts), a => a.HouseholdCode == code && a.Kind == IntegrityKinds.BackDated);
        }
    }
}
