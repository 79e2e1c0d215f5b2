using Qingling.Core.Households;
using Qingling.Core.Import;
using Qingling.Tests.Support;

namespace Qingling.Tests.Import;

/// <summary>
/// The checks added after the security review (issue 9, finding 11; issue 8, finding 6; issue 12, finding 5):
/// impossible dates and years, labour against age, the region path, giant cells, problems said once.
/// </summary>
public class ImportChecksTests
{
    static readonly ImportChecks Today = new(new DateOnly(2026, 11, 29));

    static ImportValidator Check(ExportBuilder b, int? year = 2022, ImportChecks? checks = null)
    {
        var header = ExportHeader.TryRecognize(2, b.Headers)!;
        var v = new ImportValidator("t.csv", header, year, checks ?? Today);
        if (v.Problems.HasErrors) return v;
        for (var i = 0; i < b.RowCount; i++)
            v.Feed(b.FileRow(i), b.Headers.Select(h => b.Get(i, h)).ToList());
        v.Finish();
        return v;
    }

    /// <summary>Gives data row <paramref name="row"/> a member born on <paramref name="birth"/> (ID, date and sex agree).</summary>
    static void BornOn(ExportBuilder b, int row, DateOnly birth)
    {
        var id = IdNumber.Create("999999", birth, 101 + row * 2);
        b.Set(row, "证件号码", id).Set(row, "出生日期", birth.ToString("yyyy-MM-dd")).Set(row, "性别", "男");
    }

    /// <summary>A non-head row of a household with a head: changing it leaves the household valid otherwise.</summary>
    static int MemberRow(ExportBuilder b) => Enumerable.Range(0, b.RowCount).First(i => b.Get(i, "与户主关系") != "户主");

    [Fact]
    public void A_member_born_in_the_future_is_refused_at_its_row()
    {
        var b = ExportBuilder.FromTown(5);
        var row = MemberRow(b);
        BornOn(b, row, new DateOnly(2030, 3, 1));
        var p = Assert.Single(Check(b).Problems.Kept, x => x.Severity == ProblemSeverity.Error);
        Assert.Equal((b.FileRow(row), "出生日期"), (p.Row, p.Column));
        Assert.Contains("晚于今天", p.Reason);
    }

    [Fact]
    public void A_child_under_16_with_labour_is_an_error_at_the_labour_column()
    {
        foreach (var labour in new[] { "普通劳动力", "技能劳动力", "弱劳动力或半劳动力" })
        {
            var b = ExportBuilder.FromTown(5);
            var row = MemberRow(b);
            BornOn(b, row, new DateOnly(2018, 6, 1)); // 4 at the end of 2022
            b.Set(row, "劳动技能", labour);
            var p = Assert.Single(Check(b).Problems.Kept, x => x.Severity == ProblemSeverity.Error);
            Assert.Equal((b.FileRow(row), "劳动技能", labour), (p.Row, p.Column, p.Value));
            Assert.Contains("未满16周岁（4岁）", p.Reason);
        }
    }

    [Fact]
    public void Labour_age_is_taken_at_the_end_of_the_export_year()
    {
        var b = ExportBuilder.FromTown(5);
        var row = MemberRow(b);
        BornOn(b, row, new DateOnly(2006, 12, 31)); // 16 on 2022-12-31
        b.Set(row, "劳动技能", "普通劳动力").Set(row, "在校生状况", "非在校生");
        Assert.Equal(0, Check(b).Problems.Errors);
        BornOn(b, row, new DateOnly(2007, 1, 1)); // 15 on 2022-12-31
        Assert.Equal(1, Check(b).Problems.Errors);
        b.Set(row, "劳动技能", "无劳动力");
        Assert.Equal(0, Check(b).Problems.Errors);
    }

    [Fact]
    public void Labour_past_the_working_age_is_a_warning_weak_labour_is_not()
    {
        var b = ExportBuilder.FromTown(5);
        var row = MemberRow(b);
        BornOn(b, row, new DateOnly(1950, 5, 1)); // 72 at the end of 2022
        b.Set(row, "劳动技能", "普通劳动力");
        var v = Check(b);
        Assert.Equal(0, v.Problems.Errors);
        var w = Assert.Single(v.Problems.Kept, x => x.Severity == ProblemSeverity.Warning && x.Column == "劳动技能");
        Assert.Equal(b.FileRow(row), w.Row);
        Assert.Contains("超过劳动年龄上限65岁", w.Reason);

        // The ceiling is a setting.
        Assert.DoesNotContain(Check(b, checks: Today with { MaxWorkingAge = 75 }).Problems.Kept, x => x.Column == "劳动技能");
        b.Set(row, "劳动技能", "弱劳动力或半劳动力");
        Assert.DoesNotContain(Check(b).Problems.Kept, x => x.Column == "劳动技能");
    }

    [Theory]
    [InlineData(-1), InlineData(0), InlineData(99999), InlineData(2012), InlineData(2028)]
    public void An_implausible_import_year_is_refused_once_in_Chinese(int year)
    {
        var v = Check(ExportBuilder.FromTown(5), year);
        var p = Assert.Single(v.Problems.Kept);
        Assert.Equal(("年度", 0), (p.Column, p.Row));
        Assert.Contains("2013年至2027年", p.Reason);
        Assert.DoesNotContain("第0行", p.ToString());
    }

    [Fact]
    public void An_implausible_year_column_is_refused_at_its_cell()
    {
        var b = ExportBuilder.FromTown(3).AddColumn("年度", "99999");
        var v = Check(b, year: null);
        Assert.Equal(3, v.Problems.Errors); // once per household: its cells are parsed once
        Assert.All(v.Problems.Kept, x => Assert.Equal(("年度", "99999"), (x.Column, x.Value)));
        Assert.Contains("2013年至2027年", v.Problems.Kept[0].Reason);
        Assert.Equal(0, Check(ExportBuilder.FromTown(3).AddColumn("年度", "2022"), year: null).Problems.Errors);
    }

    [Fact]
    public void A_missing_year_is_said_once_not_per_household()
    {
        var v = Check(ExportBuilder.FromTown(30), year: null);
        var p = Assert.Single(v.Problems.Kept);
        Assert.Contains("无法确定收入所属年度", p.Reason);
    }

    [Fact]
    public void A_bad_head_row_does_not_cascade_into_no_head()
    {
        var b = ExportBuilder.FromTown(5);
        var head = Enumerable.Range(0, b.RowCount).First(i => b.Get(i, "与户主关系") == "户主" && b.RowsOf(b.Get(i, "户编号")).Count() > 1);
        b.Set(head, "劳动技能", "强劳动力");
        var p = Assert.Single(Check(b).Problems.Kept, x => x.Severity == ProblemSeverity.Error);
        Assert.Equal("劳动技能", p.Column);
    }

    [Fact]
    public void Every_region_column_is_required_and_a_doubled_BOM_is_not_part_of_a_name()
    {
        var b = ExportBuilder.FromTown(3);
        b.RenameColumn("省", "\uFEFF\uFEFF省");
        Assert.Equal(0, Check(b).Problems.Errors);

        b.RenameColumn("\uFEFF\uFEFF省", "省名称");
        var v = Check(b);
        Assert.Contains(v.Problems.Kept, x => x.Column == "省" && x.Reason.Contains("缺少必需的列"));

        var c = ExportBuilder.FromTown(3);
        c.Set(0, "县", "");
        var p = Assert.Single(Check(c).Problems.Kept, x => x.Severity == ProblemSeverity.Error);
        Assert.Equal((c.FileRow(0), "县", "必填项为空"), (p.Row, p.Column, p.Reason));
    }

    [Fact]
    public void A_giant_cell_is_refused_with_its_row_and_column()
    {
        var b = ExportBuilder.FromTown(3);
        b.Set(1, "民族", new string('傣', ImportValidator.MaxCellChars + 1));
        var p = Assert.Single(Check(b).Problems.Kept, x => x.Severity == ProblemSeverity.Error);
        Assert.Equal((b.FileRow(1), "民族"), (p.Row, p.Column));
        Assert.Contains("32,767", p.Reason);
    }
}
