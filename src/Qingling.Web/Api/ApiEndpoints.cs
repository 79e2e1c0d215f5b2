using Microsoft.AspNetCore.Http.HttpResults;
using Qingling.Core.Households;
using Qingling.Core.Indicators;
using Qingling.Core.Measures;
using Qingling.Data.Audit;
using Qingling.Data.Database;
using Qingling.Data.Measures;
using Qingling.Web.Web;

namespace Qingling.Web.Api;

/// <summary>/api: the pages' data as JSON, under the same sign-in and the same scope checks.</summary>
public static class ApiEndpoints
{
    public sealed record TargetDto(string HouseholdCode, string Village, int Persons, decimal PerCapitaNetIncome, decimal Gap, int LabourMembers, bool HasPlan, IReadOnlyList<string> Channels);
    public sealed record MemberDto(long Id, string Name, string IdNumber, string RelationToHead, string Sex, int BirthYear, string Labour, DateOnly? LeftOn);
    public sealed record IncomeDto(int Year, int Persons, decimal Wage, decimal Production, decimal Property, decimal Transfer, decimal ProductionCost, decimal NetIncome, decimal? PerCapitaNetIncome, decimal? Growth);
    /// <summary>A measure; <see cref="Version"/> goes back with a status change so a change made on stale data is refused (409).</summary>
    public sealed record MeasureDto(long Id, string Channel, string Kind, string Description, string? Member, string Department, DateOnly Start, DateOnly End, decimal ExpectedGain, string Status, DateOnly? ConsentOn, int Version);
    public sealed record HouseholdDto(string Code, string Village, string Type, string? Monitoring, string Risks, IReadOnlyList<MemberDto> Members, IReadOnlyList<IncomeDto> Income, string? Diagnosis, string? Wishes, IReadOnlyList<MeasureDto> Measures);
    public sealed record IndicatorDto(string Key, string Name, decimal? Value, decimal Target, string Unit, bool Met, bool Judged, string? Provisional, IReadOnlyList<Breakdown> ByVillage, IReadOnlyList<Breakdown> ByDepartment);
    /// <summary>A status change; Version, when given, is the measure's version the client last saw.</summary>
    public sealed record StatusChange(string Status, DateOnly? Date, string? Evidence, decimal? Income, string? IncomeSubcategory = null, int? Version = null);
    public sealed record UnmaskedDto(long MemberId, string Name, string IdNumber);

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("清零")
            .AddEndpointFilter(ApiAntiforgery.Filter).AddEndpointFilter(InputBounds.EndpointFilter);
        ApiAntiforgery.Map(api);
        ChartEndpoints.Map(api);
        EvidenceEndpoints.Map(api);

        api.MapGet("/targets", (int? year, Store store, CurrentUser current, PlanContext context, HttpContext http) =>
        {
            var plan = context.Plan;
            var rows = TargetRows.Load(store, current, year ?? plan?.BaselineYear ?? DateTime.Now.Year - 1, plan?.TargetRule ?? new Core.Targets.TargetRule(), plan?.Key, ct: http.RequestAborted, cache: context);
            return TypedResults.Ok(rows.Select(r => new TargetDto(r.Target.HouseholdCode, r.Target.Village, r.Target.Persons, r.Target.PerCapitaNetIncome,
                r.Target.Gap, r.Target.LabourMembers, r.HasPlan, r.Channels)).ToList());
        }).WithSummary("清零对象");

        api.MapGet("/households/{code}", Results<Ok<HouseholdDto>, NotFound> (string code, Store store, CurrentUser current, PlanContext context) =>
        {
            var file = HouseholdFile.Load(store, current, code, context.Plan?.Key);
            if (file is null) return TypedResults.NotFound();
            return TypedResults.Ok(new HouseholdDto(file.Household.Code, file.Village, Vocabulary.Name(file.Household.Type),
                file.Household.Monitoring is { } m ? Vocabulary.Name(m) : null, file.Household.Risks,
                file.Members.Select(m => new MemberDto(m.Id, m.Name, m.IdMasked, m.RelationToHead, Vocabulary.Name(m.Sex), m.BirthYear, Vocabulary.Name(m.Labour), m.LeftOn)).ToList(),
                file.Years.Select(y => new IncomeDto(y.Year, y.Persons, y.Wage, y.Production, y.Property, y.Transfer, y.ProductionCost, y.NetIncome, y.PerCapitaNetIncome, file.GrowthOf(y))).ToList(),
                file.Plan?.Diagnosis, file.Plan?.Wishes,
                file.Measures.Select(x => new MeasureDto(x.Measure.Id, x.Measure.Channel, x.Measure.Kind, x.Measure.Description, x.Member, x.Measure.Department,
                    x.Measure.Start, x.Measure.End, x.Measure.ExpectedGain, MeasureStatuses.Key(x.Measure.Status), x.Measure.ConsentOn, x.Measure.Version)).ToList()));
        }).WithSummary("户档案（证件号码已遮蔽）");

        api.MapPost("/households/{code}/id-numbers", Results<Ok<List<UnmaskedDto>>, NotFound, ForbidHttpResult> (string code, Store store, CurrentUser current, PlanContext context) =>
        {
            var file = HouseholdFile.Load(store, current, code, context.Plan?.Key);
            if (file is null) return TypedResults.NotFound();
            if (!current.User.CanUnmask) return TypedResults.Forbid();
            using var db = store.CreateContext();
            AuditLog.Add(db, current.Actor, AuditLog.Viewed, "证件号码", $"经接口查看户{code}的完整证件号码", householdId: file.Household.Id);
            db.SaveChanges();
            return TypedResults.Ok(file.Members.Select(m => new UnmaskedDto(m.Id, m.Name, store.Protector.Decrypt(m.IdCipher))).ToList());
        }).WithSummary("完整证件号码（需权限，每次留痕）");

        api.MapGet("/progress", Results<Ok<List<IndicatorDto>>, NotFound> (DateOnly? date, PlanContext context) =>
        {
            if (context.Plan is null) return TypedResults.NotFound();
            var results = context.Results(date ?? context.AsOf);
            return TypedResults.Ok(results.Select(r => new IndicatorDto(r.Key, r.Name, r.Value, r.Target, r.Unit, r.Met, r.Judged, r.Provisional, r.ByVillage, r.ByDepartment)).ToList());
        }).WithSummary("方案指标完成情况");

        api.MapGet("/measures", Results<Ok<List<MeasureRow>>, NotFound, ProblemHttpResult> (string? department, string? status, Store store, CurrentUser current, PlanContext context) =>
        {
            if (context.Plan is null) return TypedResults.NotFound();
            var to = string.IsNullOrEmpty(status) ? null : MeasureStatuses.Parse(status);
            if (!string.IsNullOrEmpty(status) && to is null)
                return TypedResults.Problem(title: "参数有误", detail: $"未知的状态“{status}”", statusCode: StatusCodes.Status400BadRequest);
            // A department sees its own measures only, whatever it asks for, as on the page.
            if (current.User.Role == Core.Users.Role.Department) department = current.User.Department;
            using var db = store.CreateContext();
            var rows = MeasureQuery.List(db, context.Plan.Key, new MeasureFilter(Department: string.IsNullOrEmpty(department) ? null : department, Status: to))
                .Where(r => current.CanSee(r.HouseholdId)).ToList();
            return TypedResults.Ok(rows);
        }).WithSummary("帮扶措施");

        api.MapPost("/measures/{id:long}/status", Results<Ok<MeasureDto>, NotFound, ForbidHttpResult, ValidationProblem, ProblemHttpResult> (long id, StatusChange change, Store store, CurrentUser current, PlanContext context) =>
        {
            if (context.Plan is null) return TypedResults.NotFound();
            using var db = store.CreateContext();
            var measure = db.Measures.Find(id);
            if (measure is null || !current.CanSee(measure.HouseholdId)) return TypedResults.NotFound();
            if (!current.CanChangeMeasure(measure)) return TypedResults.Forbid();
            var to = MeasureStatuses.Parse(change.Status);
            if (to is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"未知的状态“{change.Status}”"] });
            try
            {
                var m = new MeasureHandler(store, context.Plan, current.Actor) { Fields = MeasureFieldNames.Api }.Move(id, to.Value, change.Date ?? DateOnly.FromDateTime(DateTime.Now), change.Evidence ?? "", change.Income, change.IncomeSubcategory, change.Version);
                return TypedResults.Ok(new MeasureDto(m.Id, m.Channel, m.Kind, m.Description, null, m.Department, m.Start, m.End, m.ExpectedGain, MeasureStatuses.Key(m.Status), m.ConsentOn, m.Version));
            }
            catch (MeasureConflictException e)
            {
                return TypedResults.Problem(title: "修改冲突", detail: e.Message, statusCode: StatusCodes.Status409Conflict);
            }
            catch (MeasureRejectedException e)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [.. e.Problems] });
            }
        }).WithSummary("改变措施状态");
    }
}
