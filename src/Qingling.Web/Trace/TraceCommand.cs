using System.CommandLine;
using System.Globalization;
using Qingling.Data.Audit;
using Qingling.Web.Cli;
using Qingling.Web.Web;

namespace Qingling.Web.Trace;

/// <summary>`qingling trace verify|head`: proves the trace and the data it describes were not changed outside the application.</summary>
public static class TraceCommand
{
    /// <summary>Exit code of a verify that found a change: distinct from a wrong call (2) and no data (1).</summary>
    public const int Broken = 3;

    public static Command Create()
    {
        var from = new Option<string?>("--from") { Description = "从此条留痕（编号）或此日期（yyyy-MM-dd，北京时间）起核对哈希链；数据摘要总是全部核对" };
        var verify = new Command("verify", "校验留痕的哈希链和台账、登记、措施的摘要：未被改动时退出码0，发现库外改动时退出码3并指出第一处") { from };
        verify.SetAction(parse =>
        {
            var (fromId, fromUtc) = ParseFrom(parse.GetValue(from));
            var store = CommonOptions.Open(parse);
            using var db = store.CreateContext();
            var report = TraceVerifier.Verify(db, Show.Time, fromId, fromUtc, photos: new Data.Photos.EvidenceFiles(store.EvidenceFolder));
            foreach (var line in report.Lines(Show.Time)) parse.InvocationConfiguration.Output.WriteLine(line);
            return report.Ok ? 0 : Broken;
        });
        var entry = new Option<long?>("--entry") { Description = "打印此条留痕现在的哈希（与当时抄存或打印的链头对照）" };
        var head = new Command("head", "打印链头（最后一条留痕的编号和哈希），抄存到系统之外，日后与 trace verify 的链头对照") { entry };
        head.SetAction(parse =>
        {
            var store = CommonOptions.Open(parse);
            using var db = store.CreateContext();
            var h = parse.GetValue(entry) is { } id
                ? db.AuditEntries.Where(a => a.Id == id && a.Hash != null).Select(a => new { a.Id, a.At, a.Hash }).AsEnumerable()
                    .Select(a => ((long Id, DateTime At, string Hash)?)(a.Id, a.At, a.Hash!)).FirstOrDefault()
                    ?? throw new NoDataException($"没有第{id}条留痕（或它没有哈希）：与抄存的链头不符")
                : TraceHead.Read(db) ?? throw new NoDataException("留痕为空，还没有链头");
            parse.InvocationConfiguration.Output.WriteLine($"{(parse.GetValue(entry) is null ? "链头" : "留痕")}：第{h.Id}条（{Show.Time(h.At)}），哈希 {h.Hash}");
            return 0;
        });
        return new Command("trace", "可验证的留痕：校验哈希链与数据摘要，打印链头") { verify, head };
    }

    static (long? Id, DateTime? Utc) ParseFrom(string? value)
    {
        if (value is null) return (null, null);
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return (id, null);
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return (null, DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue).AddHours(-8), DateTimeKind.Utc));
        throw new UsageException($"--from 的值“{value}”应为留痕编号（正整数）或日期（yyyy-MM-dd）");
    }
}
