using System.Text.RegularExpressions;
using Qingling.Core.Measures;
using Qingling.Core.Showcase;
using Qingling.Data.Demo;
using Qingling.Tests.Support;

namespace Qingling.Tests.Showcase;

/// <summary>选树典型: a draft from the record for a case the record supports, naming no one; others refused with the reason.</summary>
public class ShowcaseTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Fact]
    public void Number_runs_that_could_be_an_ID_or_a_phone_are_masked()
    {
        Assert.Equal("电话＊＊＊＊＊＊＊＊＊＊＊，身份证＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊，种茶5亩",
            ShowcaseDraft.Mask("电话13812345678，身份证99000019800101123X，种茶5亩"));
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_household_with_verified_income_gets_a_draft_that_names_no_one_and_another_is_refused_with_the_reason(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        string verified, unverified;
        using (var c = db.Store.CreateContext())
        {
            var plans = c.HouseholdPlans.Select(p => p.HouseholdId).ToList();
            var withVerified = c.Measures.Where(m => m.Status == MeasureStatus.Verified).Select(m => m.HouseholdId).Distinct().ToList();
            verified = c.Households.Where(h => h.Id == withVerified[0]).Select(h => h.Code).Single();
            unverified = c.Households.Where(h => plans.Contains(h.Id) && !withVerified.Contains(h.Id)).OrderBy(h => h.Code).Select(h => h.Code).First();
        }
        var r = Support.Cli.Run(db.Folder, ["showcase", "draft", "--household", verified, .. db.CliArguments]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("某某", r.Output);
        Assert.Contains("经核实增收12,000.00元", r.Output);
        Assert.Contains("人均纯收入：", r.Output);
        Assert.Contains("工资性收入", r.Output);
        Assert.DoesNotContain(verified, r.Output);
        Assert.DoesNotMatch(new Regex(@"\d{17}[\dXx]"), r.Output);

        var refused = Support.Cli.Run(db.Folder, ["showcase", "draft", "--household", unverified, .. db.CliArguments]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("没有以实际收入核实的帮扶措施", refused.Error);
        var unknown = Support.Cli.Run(db.Folder, ["showcase", "draft", "--household", "990099999999", .. db.CliArguments]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("没有户编号为“990099999999”的户", unknown.Error);
    }

    /// <summary>The household's own words from visits close the draft (四、群众心声), with any number in them masked.</summary>
    [Theory, MemberData(nameof(Providers))]
    public void The_households_own_words_from_visits_close_the_draft_with_numbers_masked(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        string code, village;
        using (var c = db.Store.CreateContext())
        {
            var id = c.Measures.Where(m => m.Status == MeasureStatus.Verified).OrderBy(m => m.Id).Select(m => m.HouseholdId).First();
            var h = c.Households.Single(h => h.Id == id);
            code = h.Code;
            village = c.Regions.Where(r => r.Id == h.VillageId).Select(r => r.Name).Single();
        }
        var before = Support.Cli.Run(db.Folder, ["showcase", "draft", "--household", code, .. db.CliArguments]);
        Assert.True(before.ExitCode == 0, before.Error);
        Assert.DoesNotContain("群众心声", before.Output);

        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        var rhythm = new Qingling.Data.Rhythm.RhythmHandler(db.Store, plan, "测试");
        var round = rhythm.AddRound(village, new(2023, 9, 1), new(2023, 9, 30), null);
        rhythm.AddVisit(new Qingling.Data.Rhythm.VisitInput
        {
            Round = round.Id, Household = code, On = new(2023, 9, 10), Visitors = "驻村工作队", Changes = "茶叶增收",
            HouseholdWords = "茶园管护学会了，今年多卖了两千多元，有事打13812345678",
        });
        var after = Support.Cli.Run(db.Folder, ["showcase", "draft", "--household", code, .. db.CliArguments]);
        Assert.True(after.ExitCode == 0, after.Error);
        var words = after.Output[after.Output.IndexOf("四、群众心声（入户走访记录）")..];
        Assert.Contains("“茶园管护学会了，今年多卖了两千多元，有事打＊＊＊＊＊＊＊＊＊＊＊”", words);
        Assert.DoesNotContain("13812345678", after.Output);
    }
}
