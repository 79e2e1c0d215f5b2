using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Qingling.Core.Households;
using Qingling.Core.Income;
using Qingling.Core.Measures;
using Qingling.Core.Targets;
using Qingling.Data.Database;

namespace Qingling.Data.Queries;

/// <summary>
/// One row of the target list with what a list shows beside it: the head's name and the 村民小组, whether the plan has
/// its 一户一策, and its live measures (their channels in <see cref="Channels.All"/>'s order).
/// </summary>
public sealed record TargetListRow(TargetHousehold Target, string Head, string? Group, bool HasPlan, IReadOnlyList<string> Channels, int Measures)
{
    /// <summary>How a list names the household beside its code.</summary>
    public HouseholdLabel Label => new(Head, Group);
}

/// <summary>
/// The target list as one SQL statement that returns the targets only, in the list's order (lowest per-capita income
/// first, then by code). A province's register is 2.7 million households of which a few hundred thousand are targets:
/// deriving every household's income in memory to keep the targets took 2.3 GB and 32 s there.
/// </summary>
public static class TargetQuery
{
    /// <summary>
    /// The targets of <paramref name="year"/> under <paramref name="rule"/>, read row by row while the caller enumerates
    /// (the connection stays open until then). Each row is checked by <see cref="TargetSelector.Evaluate(long, string, string, HouseholdType, MonitoringCategory?, int, HouseholdIncome, TargetRule)"/>,
    /// which also computes its figures: the database picks, the Core rule decides and computes.
    /// </summary>
    /// <param name="village">Only the households of the villages of this name.</param>
    /// <param name="planKey">The plan whose 一户一策 <see cref="TargetListRow.HasPlan"/> asks about; none: false.</param>
    /// <param name="details">Whether to read the head, group, plan and measures (the CLI's list needs none of them).</param>
    /// <param name="cancel">Stops the statement (the database's sort of a province's list takes seconds) and the reading.</param>
    public static IEnumerable<TargetListRow> Stream(QinglingDbContext db, int year, TargetRule rule, string? village = null, string? planKey = null, bool details = true,
        CancellationToken cancel = default)
    {
        var sqlite = db.Database.IsSqlite();
        var sql = Sql(sqlite, year, rule, village is not null, planKey is not null, details);
        db.Database.OpenConnection();
        try
        {
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            if (db.Database.GetCommandTimeout() is { } timeout) command.CommandTimeout = timeout;
            Parameter(command, "village", village);
            Parameter(command, "plan", planKey);
            cancel.ThrowIfCancellationRequested();
            using var stop = cancel.Register(command.Cancel);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancel.ThrowIfCancellationRequested();
                // In column order: PostgreSQL reads the row sequentially.
                var id = reader.GetInt64(0);
                var code = reader.GetString(1);
                var villageName = reader.GetString(2);
                var type = (HouseholdType)reader.GetInt32(3);
                MonitoringCategory? monitoring = reader.IsDBNull(4) ? null : (MonitoringCategory)reader.GetInt32(4);
                var persons = (int)reader.GetInt64(5);
                var labour = (int)reader.GetInt64(6);
                var c = new decimal[5];
                for (var i = 0; i < 5; i++) c[i] = reader.IsDBNull(7 + i) ? 0m : sqlite ? BulkRows.Fen(reader.GetInt64(7 + i)) : reader.GetDecimal(7 + i);
                var income = new HouseholdIncome(year, persons, c[0], c[1], c[2], c[3], c[4]);
                // The SQL is the Core rule's own text (TargetSql); a row the Core rule would not list is left out, so the
                // list never shows a household the rule does not pick.
                if (TargetSelector.Evaluate(id, code, villageName, type, monitoring, labour, income, rule) is not { } target) continue;
                if (!details)
                {
                    yield return new TargetListRow(target, HouseholdLabel.Unknown.Head, null, false, [], 0);
                    continue;
                }
                var group = reader.IsDBNull(12) ? null : reader.GetString(12);
                var head = reader.IsDBNull(13) ? HouseholdLabel.Unknown.Head : reader.GetString(13);
                var hasPlan = reader.GetInt64(14) != 0;
                var measures = (int)reader.GetInt64(15);
                var channels = new List<string>(2);
                for (var k = 0; k < Channels.All.Count; k++)
                    if (!reader.IsDBNull(16 + k) && reader.GetInt64(16 + k) != 0) channels.Add(Channels.All[k]);
                yield return new TargetListRow(target, head, group, hasPlan, channels, measures);
            }
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    static void Parameter(DbCommand command, string name, string? value)
    {
        if (value is null) return;
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>The statement: <see cref="TargetSql"/>'s tables and rule, the list's columns, its order.</summary>
    static string Sql(bool sqlite, int year, TargetRule rule, bool village, bool plan, bool details)
    {
        var y = year.ToString(CultureInfo.InvariantCulture);
        var sums = string.Join(", ", IncomeCategories.All.Select(c => $"f.c{(int)c}"));
        var live = string.Join(", ", Enum.GetValues<MeasureStatus>().Where(s => !MeasureStatuses.IsLive(s)).Select(s => (int)s));
        var channelColumns = string.Concat(Channels.All.Select((k, i) => $", MAX(CASE WHEN channel = '{k}' THEN 1 ELSE 0 END) AS k{i}"));
        var extra = !details ? "" : $"""
            , f.group_name,
                (SELECT m.name FROM members m WHERE m.household_id = f.household_id AND m.relation_to_head = '{Member.HeadRelation}'
                 ORDER BY CASE WHEN m.left_on IS NULL THEN 0 ELSE 1 END, m.id LIMIT 1) AS head,
                {(plan ? "CASE WHEN EXISTS (SELECT 1 FROM household_plans hp WHERE hp.household_id = f.household_id AND hp.plan_key = @plan) THEN 1 ELSE 0 END" : "0")} AS has_plan,
                COALESCE(ch.measures, 0) AS measures{string.Concat(Channels.All.Select((_, i) => $", ch.k{i}"))}
            """;
        var channels = !details ? "" : $"""

            LEFT JOIN (SELECT household_id, COUNT(*) AS measures{channelColumns}
                FROM measures WHERE status NOT IN ({live}) GROUP BY household_id) ch ON ch.household_id = f.household_id
            """;
        // Codes in ordinal order, as the Core sort compares them (PostgreSQL's default collation would not).
        var code = sqlite ? "f.code" : "f.code COLLATE \"C\"";
        return TargetSql.With(y, rule, kept: !sqlite, categories: true) + $"""

            SELECT f.household_id, f.code, r.name, f.type, f.monitoring, f.persons, f.labour, {sums}{extra}
            FROM figures f
            JOIN regions r ON r.id = f.village_id{channels}
            WHERE {TargetSql.Target(TargetSql.LimitLiteral(sqlite, rule), rule.IncludeMonitored ? "1" : "0")}{(village ? " AND r.name = @village" : "")}
            ORDER BY {TargetSql.PerCapita(sqlite)}, {code}
            """;
    }
}
