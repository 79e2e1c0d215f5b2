using Qingling.Core.Households;
using Qingling.Core.Import;
using Qingling.Tests.Support;

namespace Qingling.Tests.Import;

/// <summary>The checks of the first pass, run on rows in memory (no files, no database).</summary>
public class ValidatorTests
{
    static ImportValidator Check(ExportBuilder b, int? year = 2022, List<string>? headers = null)
    {
        var header = ExportHeader.TryRecognize(2, headers ?? b.Headers)!;
        var v = new ImportValidator("t.csv", header, year);
        for (var i = 0; i < b.RowCount; i++)
            v.Feed(b.FileRow(i), (headers ?? b.Headers).Select(h => b.Get(i, h)).ToList());
        v.Finish();
        return v;
    }

    static ImportProblem Only(ImportValidator v)
    {
        Assert.Equal(1, v.Problems.Errors);
        return v.Problems.Kept.Single(p => p.Severity == ProblemSeverity.Error);
    }

    [Fact]
    public void A_clean_generated_town_passes()
    {
        var v = Check(ExportBuilder.FromTown(40));
        Assert.Equal(0, v.Problems.Errors);
        Assert.Equal(0, v.Problems.Warnings);
        Assert.Equal(40, v.Households);
        Assert.Equal(2022, v.Year);
    }

    [Fact]
    public void Wrong_check_character_is_located_and_masked()
    {
        var b = ExportBuilder.FromTown(5);
        var id = b.Get(3, "证件号码");
        b.Set(3, "证件号码", id[..17] + (id[17] == '0' ? '1' : '0'));
        var p = Only(Check(b));
        Assert.Equal(b.FileRow(3), p.Row);
        Assert.Equal("证件号码", p.Column);
        Assert.Contains("校验位", p.Reason);
        Assert.DoesNotContain(id[6..14], p.Value);
    }

    [Fact]
    public void Birth_date_and_sex_must_agree_with_the_ID()
    {
        var b = ExportBuilder.FromTown(5);
        b.Set(1, "出生日期", "1901-01-01");
        b.Set(2, "性别", b.Get(2, "性别") == "男" ? "女" : "男");
        var v = Check(b);
        Assert.Equal(2, v.Problems.Errors);
        Assert.Contains(v.Problems.Kept, p => p.Column == "出生日期" && p.Row == b.FileRow(1) && p.Reason.Contains("不符"));
        Assert.Contains(v.Problems.Kept, p => p.Column == "性别" && p.Row == b.FileRow(2));
    }

    [Fact]
    public void The_same_ID_twice_and_a_member_in_two_households()
    {
        var b = ExportBuilder.FromTown(6);
        b.CopyRow(2);
        b.Set(b.RowCount - 1, "与户主关系", "之子");
        var v = Check(b);
        Assert.Contains(v.Problems.Kept, p => p.Row == b.FileRow(b.RowCount - 1) && p.Reason == $"同一证件号码已出现在第{b.FileRow(2)}行");

        var c = ExportBuilder.FromTown(6);
        var firstHousehold = c.Get(0, "户编号");
        var lastRow = c.RowCount - 1;
        c.Set(lastRow, "证件号码", c.Get(0, "证件号码"));
        c.Set(lastRow, "出生日期", c.Get(0, "出生日期"));
        c.Set(lastRow, "性别", c.Get(0, "性别"));
        var w = Check(c);
        Assert.Contains(w.Problems.Kept, p => p.Reason.Contains("同一成员出现在两户") && p.Reason.Contains(firstHousehold));
    }

    [Fact]
    public void A_household_without_a_head_or_with_two()
    {
        var b = ExportBuilder.FromTown(4);
        var first = b.RowsOf(b.Get(0, "户编号")).ToList();
        b.Set(first[0], "与户主关系", "之子");
        var second = b.RowsOf(b.Get(b.RowCount - 1, "户编号")).ToList();
        Assert.True(second.Count >= 2, "the generator's last household has two members or more");
        b.Set(second[1], "与户主关系", "户主");
        var v = Check(b);
        Assert.Contains(v.Problems.Kept, p => p.Reason.Contains("没有户主"));
        Assert.Contains(v.Problems.Kept, p => p.Reason.Contains("两个户主") && p.Row == b.FileRow(second[1]));
    }

    [Fact]
    public void Amounts_that_are_not_numbers_or_negative()
    {
        var b = ExportBuilder.FromTown(3);
        b.SetHousehold(b.Get(0, "户编号"), "工资性收入", "一万");
        b.SetHousehold(b.Get(b.RowCount - 1, "户编号"), "财产性收入", "-20");
        var v = Check(b);
        Assert.Contains(v.Problems.Kept, p => p.Column == "工资性收入" && p.Value == "一万" && p.Reason == "不是数字");
        Assert.Contains(v.Problems.Kept, p => p.Column == "财产性收入" && p.Reason.Contains("负数"));
    }

    [Fact]
    public void Unknown_codes_are_errors_with_the_accepted_values()
    {
        var b = ExportBuilder.FromTown(3);
        b.Set(0, "劳动技能", "强劳动力");
        b.SetHousehold(b.Get(b.RowCount - 1, "户编号"), "户类型", "贫困户");
        var v = Check(b);
        Assert.Contains(v.Problems.Kept, p => p.Column == "劳动技能" && p.Reason.Contains("普通劳动力"));
        Assert.Contains(v.Problems.Kept, p => p.Column == "户类型" && p.Value == "贫困户");
    }

    [Fact]
    public void A_stated_per_capita_that_differs_is_a_warning_and_the_recomputed_one_wins()
    {
        var b = ExportBuilder.FromTown(3);
        var code = b.Get(0, "户编号");
        var stated = decimal.Parse(b.Get(0, "人均纯收入"), System.Globalization.CultureInfo.InvariantCulture);
        b.SetHousehold(code, "人均纯收入", (stated + 100).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var v = Check(b);
        Assert.Equal(0, v.Problems.Errors);
        var w = Assert.Single(v.Problems.Kept);
        Assert.Equal(ProblemSeverity.Warning, w.Severity);
        Assert.Contains($"重算为{stated:0.00}", w.Reason);
    }

    [Fact]
    public void Rows_of_one_household_must_agree_on_household_columns()
    {
        var b = ExportBuilder.FromTown(3);
        var rows = b.RowsOf(b.Get(0, "户编号")).ToList();
        b.Set(rows[^1], "户类型", b.Get(rows[0], "户类型") == "脱贫户" ? "一般农户" : "脱贫户");
        var p = Only(Check(b));
        Assert.Contains("不一致", p.Reason);
        Assert.Equal(b.FileRow(rows[^1]), p.Row);
    }

    [Fact]
    public void Missing_required_columns_and_unknown_columns()
    {
        var b = ExportBuilder.FromTown(2);
        var headers = b.Headers.Where(h => h != "劳动技能").Append("备注").ToList();
        var header = ExportHeader.TryRecognize(2, headers)!;
        var v = new ImportValidator("t.csv", header, 2022);
        Assert.Contains(v.Problems.Kept, p => p.Column == "劳动技能" && p.Reason == "缺少必需的列");
        Assert.Contains(v.Problems.Kept, p => p.Column == "备注" && p.Severity == ProblemSeverity.Warning);
    }

    [Fact]
    public void Header_is_found_under_title_rows_with_synonyms_in_any_order()
    {
        Assert.Null(ExportHeader.TryRecognize(1, ["全国防止返贫监测信息系统", "", ""]));
        var h = ExportHeader.TryRecognize(3, ["身份证号", "户码", "姓名 ", "劳动能力", "工资性收入（元）", "备注"])!;
        Assert.Equal(0, h.IndexOf(ExportField.IdNumber));
        Assert.Equal(1, h.IndexOf(ExportField.HouseholdCode));
        Assert.Equal(3, h.IndexOf(ExportField.Labour));
        Assert.Equal(4, h.IndexOf(ExportField.Wage));
        Assert.Equal(["备注"], h.Unknown);
    }

    [Fact]
    public void Without_a_year_the_rows_say_how_to_give_one()
    {
        var v = Check(ExportBuilder.FromTown(1), year: null);
        Assert.Contains(v.Problems.Kept, p => p.Reason.Contains("--year"));
    }

    [Fact]
    public void Breakdown_columns_become_subcategories_and_the_rest_is_unspecified()
    {
        var b = ExportBuilder.FromTown(1);
        var header = ExportHeader.TryRecognize(2, b.Headers)!;
        var parser = new ExportRowParser("t.csv", header, 2022);
        b.SetHousehold(b.Get(0, "户编号"), "工资性收入", "5000");
        b.SetHousehold(b.Get(0, "户编号"), "务工收入", "3000");
        b.SetHousehold(b.Get(0, "户编号"), "公益性岗位收入", "1500.5");
        var row = parser.Parse(3, b.Headers.Select(h => b.Get(0, h)).ToList(), new ProblemList())!;
        var wage = row.Income.Where(l => l.Category == Qingling.Core.Income.IncomeCategory.Wage).ToList();
        Assert.Equal([("务工收入", 3000m), ("公益性岗位收入", 1500.5m), ("未细分", 499.5m)], wage.Select(l => (l.Subcategory, l.Amount)));

        b.SetHousehold(b.Get(0, "户编号"), "工资性收入", "4000");
        var problems = new ProblemList();
        Assert.Null(new ExportRowParser("t.csv", header, 2022).Parse(3, b.Headers.Select(h => b.Get(0, h)).ToList(), problems));
        Assert.Contains(problems.Kept, p => p.Reason.Contains("分项之和"));
    }
}
