using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Qingling.Core.Plans;
using Qingling.Core.Rhythm;
using Qingling.Data.Plans;
using Qingling.Data.Rhythm;
using Qingling.Web.Cli;
using Qingling.Web.Progress;

namespace Qingling.Web.Rhythm;

/// <summary>`qingling screening`, `qingling review`, `qingling tasks`, `qingling quarter`: the monitoring rhythm on the command line.</summary>
public static class RhythmCommands
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    static DateOnly Required(ParseResult parse, Option<DateOnly?> option, string name) =>
        parse.GetValue(option) ?? throw new UsageException($"请用 {name} 指定日期");

    public static Command Screening()
    {
        var village = new Option<string>("--village") { Description = "村（社区）", Required = true };
        var from = ProgressCommand.DateOption("--from", "排查开始日期", required: true);
        var to = ProgressCommand.DateOption("--to", "排查结束日期", required: true);
        var name = new Option<string?>("--name") { Description = "名称" };
        var round = new Command("round", "建立一轮村级动态排查") { village, from, to, name };
        round.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var r = new RhythmHandler(store, plan, CommonOptions.Actor).AddRound(parse.GetValue(village)!, Required(parse, from, "--from"), Required(parse, to, "--to"), parse.GetValue(name));
            Console.WriteLine($"已建立排查#{r.Id}：{r.Name}");
            return 0;
        });

        var roundId = new Option<long>("--round") { Description = "排查编号", Required = true };
        var household = new Option<string>("--household") { Description = "户编号", Required = true };
        var date = ProgressCommand.DateOption("--date", "走访日期", required: true);
        var visitors = new Option<string>("--visitors") { Description = "走访人", Required = true };
        var changes = new Option<string>("--changes") { Description = "变化情况（成员、务工、收入）", DefaultValueFactory = _ => "无变化" };
        var risks = new Option<string?>("--risks") { Description = "新发现的风险，用、或,分隔（因病、因学、因残、因务工就业不稳……）" };
        var words = new Option<string>("--words") { Description = "群众的话", DefaultValueFactory = _ => "" };
        var change = new Option<decimal>("--expected-change") { Description = "预计年收入变化（元，减少为负），如务工中断 -6000" };
        var changeCategory = new Option<string>("--change-category") { Description = "变化的收入类别", DefaultValueFactory = _ => "工资性" };
        var changeFrom = new Option<int>("--change-from-month") { Description = "变化开始的月份", DefaultValueFactory = _ => 1 };
        var income = new Option<string[]>("--income") { Description = "走访时核实的收入：类别:分项:金额:月份，可重复，如 工资性:务工收入:1200:6", AllowMultipleArgumentsPerToken = false };
        var visit = new Command("visit", "记录一次入户走访（发现新风险时自动建立跟进任务）") { roundId, household, date, visitors, changes, risks, words, change, changeCategory, changeFrom, income };
        visit.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var input = new VisitInput
            {
                Round = parse.GetValue(roundId), Household = parse.GetValue(household)!, On = Required(parse, date, "--date"), Visitors = parse.GetValue(visitors)!,
                Changes = parse.GetValue(changes)!, Risks = (parse.GetValue(risks) ?? "").Split('、', ',', '，').Select(r => r.Trim()).Where(r => r.Length > 0).ToList(),
                HouseholdWords = parse.GetValue(words)!, ExpectedChange = parse.GetValue(change), ExpectedChangeCategory = parse.GetValue(changeCategory)!,
                ExpectedChangeFromMonth = parse.GetValue(changeFrom), Income = (parse.GetValue(income) ?? []).Select(ParseIncome).ToList(),
            };
            var (v, followUp) = new RhythmHandler(store, plan, CommonOptions.Actor).AddVisit(input);
            Console.WriteLine($"已记录走访#{v.Id}（户{input.Household}，{input.On:yyyy-MM-dd}）" + (followUp is null ? "" : $"；发现新风险，已建立跟进任务#{followUp.Id}（{followUp.Owner}，{followUp.Due:yyyy-MM-dd}前）"));
            return 0;
        });

        var file = new Argument<string>("FILE") { Description = "走访记录文件（JSON 数组，字段同 visit 的选项）" };
        var load = new Command("load", "从文件载入多条走访记录（全部检查无误才保存，有错则一条也不保存）") { file };
        load.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var visits = PlanJson.ReadFile<List<VisitInput>>(parse.GetValue(file)!);
            var n = new RhythmHandler(store, plan, CommonOptions.Actor).AddVisits(visits);
            Console.WriteLine($"已载入{n}条走访记录");
            return 0;
        });

        var statusRound = new Option<long?>("--round") { Description = "排查编号（不填则列出所有排查）" };
        var format = FormatOption.Create();
        var status = new Command("status", "排查进度：已走访和尚未走访的户") { statusRound, format };
        status.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            using var db = store.CreateContext();
            if (parse.GetValue(statusRound) is not { } id)
            {
                Output.Write(RhythmQueries.Rounds(db, plan.Key), [
                    new("id", "编号", r => r.Round.Id, true), new("name", "排查", r => r.Round.Name), new("village", "村", r => r.Village),
                    new("visited", "已走访", r => r.Visited, true), new("households", "户数", r => r.Households, true),
                ], parse.GetValue(format));
                return 0;
            }
            var s = RhythmQueries.Round(db, id);
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { round = s.Round.Id, s.Village, visited = s.Visited.Select(v => new { code = v.Code, date = v.Visit.On, v.Visit.Visitors, v.Visit.Changes, risks = v.Visit.RisksFound }), notVisited = s.NotVisited }, Json));
                return 0;
            }
            Console.WriteLine($"{s.Round.Name}：已走访{s.Visited.Select(v => v.Code).Distinct().Count()}户，尚未走访{s.NotVisited.Count}户");
            foreach (var (code, v) in s.Visited) Console.WriteLine($"  {v.On:yyyy-MM-dd} {code} {v.Visitors}：{v.Changes}{(v.RisksFound.Length > 0 ? "；风险：" + v.RisksFound : "")}");
            if (s.NotVisited.Count > 0) Console.WriteLine($"  尚未走访：{string.Join("、", s.NotVisited)}");
            return 0;
        });
        var command = new Command("screening", "村级动态排查：排查轮次、入户走访、进度") { round, visit, load, status };
        command.Options.Add(CommonOptions.Plan);
        return command;
    }

    static VisitIncome ParseIncome(string text)
    {
        var parts = text.Split(':', '：');
        if (parts.Length != 4 || !decimal.TryParse(parts[2], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var amount) || !int.TryParse(parts[3], out var month))
            throw new UsageException($"--income “{text}”应为 类别:分项:金额:月份，如 工资性:务工收入:1200:6");
        return new VisitIncome(parts[0], parts[1], amount, month);
    }

    public static Command Review()
    {
        var date = ProgressCommand.DateOption("--date", "研判日期", required: true);
        var hold = new Option<bool>("--hold") { Description = "召开本次研判：冻结这份材料，下次研判与之比较" };
        var format = FormatOption.Create(csv: false);
        var command = new Command("review", "镇级半月研判材料：指标变化、进出清零名单的户及原因、到期和逾期措施、无措施的户、落后的村和单位、任务") { CommonOptions.Plan, date, hold, format };
        command.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var on = Required(parse, date, "--date");
            ReviewPack pack;
            using (var db = store.CreateContext())
            {
                // A command runs once: the town's figures, then the integrity checks (both years' members and ledger of the
                // whole town), each given back to the system before the other is read, so the two are never held at once.
                // Checks first left the collector sized for them while the figures were read: the first review after a change at
                // 250,000 households peaked at 847 MB with both held, 488–498 MB checks first, 432–463 MB this way.
                pack = ReviewPackBuilder.Build(db, plan, on, alerts: false);
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                pack = ReviewPackBuilder.WithAlerts(db, plan, pack);
            }
            if (parse.GetValue(hold))
            {
                var review = new RhythmHandler(store, plan, CommonOptions.Actor).Hold(pack, ReviewKind.HalfMonthly);
                Console.Error.WriteLine($"已召开研判#{review.Id}（{on:yyyy-MM-dd}），本次材料已冻结");
            }
            if (parse.GetValue(format) == OutputFormat.Json) Console.WriteLine(JsonSerializer.Serialize(pack, Json));
            else
            {
                ReviewText.Write(Console.Out, plan, pack);
                using var db = store.CreateContext();
                Console.WriteLine(Data.Audit.PackHead.Line(db, plan.Key, ReviewKind.HalfMonthly, on, Web.Show.Time));
            }
            return 0;
        });
        return command;
    }

    public static Command Tasks()
    {
        var review = new Option<long?>("--review") { Description = "作出决定的研判编号" };
        var title = new Option<string>("--title") { Description = "任务", Required = true };
        var owner = new Option<string>("--owner") { Description = "责任方：方案中的责任单位或村（社区）", Required = true };
        var due = ProgressCommand.DateOption("--due", "完成期限", required: true);
        var households = new Option<string?>("--households") { Description = "涉及的户编号，用,分隔" };
        var add = new Command("add", "记录研判决定的任务") { review, title, owner, due, households };
        add.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var t = new RhythmHandler(store, plan, CommonOptions.Actor).AddTask(parse.GetValue(review), parse.GetValue(title)!, parse.GetValue(owner)!,
                Required(parse, due, "--due"), (parse.GetValue(households) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Console.WriteLine($"已记录任务#{t.Id}：{t.Title}（{t.Owner}，{t.Due:yyyy-MM-dd}前）");
            return 0;
        });
        var id = new Argument<long>("ID") { Description = "任务编号" };
        var date = ProgressCommand.DateOption("--date", "完成日期", required: true);
        var note = new Option<string>("--note") { Description = "完成情况", Required = true };
        var done = new Command("done", "任务完成") { id, date, note };
        done.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var t = new RhythmHandler(store, plan, CommonOptions.Actor).CompleteTask(parse.GetValue(id), Required(parse, date, "--date"), parse.GetValue(note)!);
            Console.WriteLine($"任务#{t.Id}已完成");
            return 0;
        });
        var on = ProgressCommand.DateOption("--on", "按此日期判断是否逾期（默认今天）");
        var format = FormatOption.Create();
        var list = new Command("list", "列出任务") { on, format };
        list.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            var at = parse.GetValue(on) ?? DateOnly.FromDateTime(DateTime.Now);
            using var db = store.CreateContext();
            var tasks = db.Tasks.Where(t => t.PlanKey == plan.Key).OrderBy(t => t.Due).ToList();
            Output.Write(tasks, [
                new("id", "编号", t => t.Id, true), new("title", "任务", t => t.Title), new("owner", "责任方", t => t.Owner),
                new("due", "期限", t => t.Due.ToString("yyyy-MM-dd")), new("households", "涉及户", t => t.Households),
                new("status", "状态", t => t.Status == Core.Rhythm.TaskStatus.Done ? "done" : t.OverdueOn(at) ? "overdue" : "open",
                    Display: t => t.Status == Core.Rhythm.TaskStatus.Done ? $"已完成（{t.DoneOn:yyyy-MM-dd}）" : t.OverdueOn(at) ? "逾期" : "进行中"),
            ], parse.GetValue(format));
            return 0;
        });
        var command = new Command("tasks", "研判决定的任务：记录、完成、列出") { add, done, list };
        command.Options.Add(CommonOptions.Plan);
        return command;
    }

    public static Command Quarter()
    {
        var year = new Option<int>("--year") { Description = "年度", Required = true };
        var quarter = new Option<int>("--quarter") { Description = "季度（1—4）", Required = true };
        var format = FormatOption.Create(csv: false);
        var command = new Command("quarter", "季度调度材料：本季度各月末指标走势、季末按村和单位的情况、研判与任务") { CommonOptions.Plan, year, quarter, format };
        command.SetAction(parse =>
        {
            var (store, plan) = CommonOptions.OpenPlan(parse);
            if (parse.GetValue(year) != plan.Year)
                throw new NoDataException($"方案“{plan.Name}”是{plan.Year}年的方案，没有{parse.GetValue(year)}年的季度调度：请用 --year {plan.Year}，或用 --plan 选其他年度的方案");
            if (parse.GetValue(quarter) is < 1 or > 4) throw new UsageException("--quarter 应为1到4");
            using var db = store.CreateContext();
            var q = RhythmQueries.Quarter(db, plan, parse.GetValue(year), parse.GetValue(quarter));
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    q.Year, q.Quarter, monthEnds = q.MonthEnds,
                    trend = q.Trend.Select(t => new { t.Indicator.Key, t.Indicator.Name, t.Indicator.Target, t.Indicator.Unit, t.Values, t.Verdict }),
                    byVillage = q.AtEnd.Select(r => new { r.Key, villages = r.ByVillage }), byDepartment = q.AtEnd.Where(r => r.ByDepartment.Count > 0).Select(r => new { r.Key, departments = r.ByDepartment }),
                    reviews = q.Reviews.Select(r => r.On), q.TasksDecided, q.TasksDone, q.TasksOverdue, q.Visits,
                }, Json));
                return 0;
            }
            Console.WriteLine($"{plan.Name}\n{q.Year}年第{q.Quarter}季度调度：召开研判{q.Reviews.Count}次，入户走访{q.Visits}次，研判决定任务{q.TasksDecided}项、完成{q.TasksDone}项、季末逾期{q.TasksOverdue}项");
            var columns = new List<Column<(IndicatorDefinition Indicator, IReadOnlyList<decimal?> Values, string Verdict)>> { new("key", "指标", t => t.Indicator.Key, Display: t => t.Indicator.Name) };
            for (var i = 0; i < q.MonthEnds.Count; i++)
            {
                var index = i;
                columns.Add(new(q.MonthEnds[i].ToString("yyyy-MM-dd"), $"{q.MonthEnds[i].Month}月末", t => t.Values[index], true, t => Output.Show(t.Values[index], t.Indicator.Unit)));
            }
            columns.Add(new("target", "目标", t => t.Indicator.Target, true, t => Output.Show(t.Indicator.Target, t.Indicator.Unit)));
            columns.Add(new("verdict", "季末达标", t => t.Verdict));
            Output.Write(q.Trend, columns, OutputFormat.Table);
            Console.WriteLine(Data.Audit.PackHead.Now(db, Web.Show.Time));
            return 0;
        });
        return command;
    }
}
