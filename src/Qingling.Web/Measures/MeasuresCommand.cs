using System.CommandLine;
using System.Text.Json;
using Qingling.Core.Measures;
using Qingling.Data.Measures;
using Qingling.Data.Plans;
using Qingling.Web.Cli;
using Qingling.Web.Progress;

namespace Qingling.Web.Measures;

/// <summary>`qingling measures add|update|list|load`: the 一户一策 measures, from arguments or a file, so the work can be scripted.</summary>
public static class MeasuresCommand
{
    public static Command Create()
    {
        var command = new Command("measures", "一户一策的帮扶措施：新增、改状态、列出、从文件载入") { CommonOptions.Plan };
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Update());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Load());
        return command;
    }

    static Command Add()
    {
        var household = new Option<string>("--household") { Description = "户编号", Required = true };
        var channel = new Option<string>("--channel") { Description = "增收渠道：industry tourism training employment assets finance transfers（或中文名）", Required = true };
        var kind = new Option<string>("--kind") { Description = "措施类型，如 茶叶种植、东西部劳务协作、脱贫人口小额信贷", DefaultValueFactory = _ => "" };
        var description = new Option<string>("--description") { Description = "具体措施", Required = true };
        var member = new Option<string?>("--member") { Description = "涉及的成员（姓名或证件号码），培训、务工、贷款必填" };
        var department = new Option<string>("--department") { Description = "责任单位", Required = true };
        var person = new Option<string>("--responsible") { Description = "责任人", DefaultValueFactory = _ => "" };
        var start = ProgressCommand.DateOption("--start", "开始日期 YYYY-MM-DD");
        var end = ProgressCommand.DateOption("--end", "结束日期 YYYY-MM-DD");
        var gain = new Option<decimal>("--expected-gain") { Description = "预期年增收（元）" };
        var category = new Option<string>("--gain-category") { Description = "增收类别：工资性、生产经营性、财产性、转移性", DefaultValueFactory = _ => "" };
        var paysFrom = new Option<int>("--pays-from-month") { Description = "开始见效的月份（1—12）", DefaultValueFactory = _ => 1 };
        var status = new Option<string>("--status") { Description = "planned、under-way、done、declined", DefaultValueFactory = _ => "planned" };
        var consent = ProgressCommand.DateOption("--consent-date", "该户同意的日期");
        var consentHow = new Option<string>("--consent-how") { Description = "同意方式：户主签字、按手印、口头（见证人…）", DefaultValueFactory = _ => "" };
        var evidence = new Option<string>("--evidence") { Description = "佐证", DefaultValueFactory = _ => "" };
        var declineReason = new Option<string?>("--decline-reason") { Description = "群众不愿意的原因（状态为 declined 时必填）" };
        var details = new Option<string?>("--details") { Description = "渠道详情 JSON，如 {\"financeKind\":\"小额信贷\",\"loanAmount\":30000,\"termMonths\":36,\"purpose\":\"生产经营\"}" };
        var add = new Command("add", "为一户新增一项措施（须经该户同意）")
            { household, channel, kind, description, member, department, person, start, end, gain, category, paysFrom, status, consent, consentHow, evidence, details, declineReason };
        add.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var input = new MeasureInput
            {
                Household = parse.GetValue(household)!, Channel = parse.GetValue(channel)!, Kind = parse.GetValue(kind)!, Description = parse.GetValue(description)!,
                Member = parse.GetValue(member), Department = parse.GetValue(department)!, ResponsiblePerson = parse.GetValue(person)!,
                Start = parse.GetValue(start) ?? new DateOnly(plan.Year, 1, 1), End = parse.GetValue(end) ?? new DateOnly(plan.Year, 12, 31),
                ExpectedGain = parse.GetValue(gain), GainCategory = parse.GetValue(category)!, PaysFromMonth = parse.GetValue(paysFrom),
                Status = parse.GetValue(status)!, ConsentOn = parse.GetValue(consent), ConsentHow = parse.GetValue(consentHow)!, Evidence = parse.GetValue(evidence)!,
                Details = ParseDetails(parse.GetValue(details)), DeclineReason = parse.GetValue(declineReason),
            };
            var m = new MeasureHandler(store, plan, CommonOptions.Actor).Add(input);
            Console.WriteLine($"已新增措施#{m.Id}（户{input.Household}，{Channels.Name(m.Channel)}，{MeasureStatuses.Name(m.Status)}）");
            return 0;
        });
        return add;
    }

    static MeasureDetails ParseDetails(string? json)
    {
        try { return MeasureDetails.FromJson(json); }
        catch (JsonException e) { throw new UsageException($"--details 不是有效的 JSON：{e.Message}"); }
    }

    static Command Update()
    {
        var id = new Argument<long>("ID") { Description = "措施编号" };
        var status = new Option<string>("--status") { Description = "under-way、done、verified、declined、cancelled", Required = true };
        var date = ProgressCommand.DateOption("--date", "生效日期（默认今天）");
        var evidence = new Option<string>("--evidence") { Description = "佐证", DefaultValueFactory = _ => "" };
        var income = new Option<decimal?>("--income") { Description = "核实时的实际增收（元），计入收入台账" };
        var subcategory = new Option<string?>("--income-subcategory") { Description = "实际增收的分项（方案收入口径所列，如 务工收入）；不填则用措施类型" };
        var update = new Command("update", "改变措施状态（计划→实施中→已完成→已核实，或群众不愿意（--evidence 写原因）、取消）") { id, status, date, evidence, income, subcategory };
        update.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var to = MeasureStatuses.Parse(parse.GetValue(status)!) ?? throw new UsageException($"未知的状态“{parse.GetValue(status)}”");
            var m = new MeasureHandler(store, plan, CommonOptions.Actor).Move(parse.GetValue(id), to, parse.GetValue(date) ?? DateOnly.FromDateTime(DateTime.Now),
                parse.GetValue(evidence)!, parse.GetValue(income), parse.GetValue(subcategory));
            Console.WriteLine($"措施#{m.Id}已改为“{MeasureStatuses.Name(m.Status)}”" + (parse.GetValue(income) is { } i ? $"，实际增收{i:#,##0.00}元已计入收入台账" : ""));
            return 0;
        });
        return update;
    }

    static Command List()
    {
        var household = new Option<string?>("--household") { Description = "户编号" };
        var department = new Option<string?>("--department") { Description = "责任单位" };
        var village = new Option<string?>("--village") { Description = "村（社区）" };
        var channel = new Option<string?>("--channel") { Description = "增收渠道" };
        var status = new Option<string?>("--status") { Description = "状态" };
        var overdue = ProgressCommand.DateOption("--overdue-on", "只列出到此日期已逾期（过了结束日期仍未完成）的措施");
        var format = FormatOption.Create();
        var list = new Command("list", "列出措施，可按户、责任单位、村、渠道、状态筛选") { household, department, village, channel, status, overdue, format };
        list.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            using var db = store.CreateContext();
            Known.Village(db, parse.GetValue(village));
            Known.Department(plan, parse.GetValue(department));
            var statusText = parse.GetValue(status);
            var filter = new MeasureFilter(parse.GetValue(household), parse.GetValue(department), parse.GetValue(village),
                parse.GetValue(channel) is { } c ? Channels.Parse(c) ?? throw new UsageException($"未知的增收渠道“{c}”") : null,
                statusText is null ? null : MeasureStatuses.Parse(statusText) ?? throw new UsageException($"未知的状态“{statusText}”"),
                parse.GetValue(overdue));
            var rows = MeasureQuery.List(db, plan.Key, filter);
            Output.Write(rows, [
                new("id", "编号", r => r.Id, true), new("householdCode", "户编号", r => r.HouseholdCode), new("village", "村", r => r.Village),
                new("channel", "渠道", r => r.Channel, Display: r => Channels.Name(r.Channel)), new("description", "措施", r => r.Description), new("member", "成员", r => r.Member),
                new("department", "责任单位", r => r.Department), new("end", "结束", r => r.End.ToString("yyyy-MM-dd")),
                new("expectedGain", "预期增收", r => r.ExpectedGain, true), new("status", "状态", r => MeasureStatuses.Key(r.Status), Display: r => MeasureStatuses.Name(r.Status)),
            ], parse.GetValue(format), caption: $"{plan.Name}：{rows.Count}项措施");
            return 0;
        });
        return list;
    }

    static Command Load()
    {
        var file = new Argument<string>("FILE") { Description = "一户一策文件（JSON 数组：household, diagnosis, wishes, measures[]）" };
        var load = new Command("load", "从文件载入多户的一户一策与措施（有错误则全部不保存）") { file };
        load.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var input = PlanJson.ReadFile<List<HouseholdPlanInput>>(parse.GetValue(file)!);
            var added = new MeasureHandler(store, plan, CommonOptions.Actor).AddPlans(input);
            Console.WriteLine($"已载入{input.Count}户的一户一策，共{added.Count}项措施");
            return 0;
        });
        return load;
    }
}
