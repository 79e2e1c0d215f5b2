namespace Qingling.Data.Measures;

/// <summary>
/// How a refusal names the field to fill: the CLI's options, the web form's labels, or the API's JSON fields. A web user has
/// no command line, so "--income" tells them nothing.
/// </summary>
public sealed record MeasureFieldNames(string Income, string Evidence, string IncomeSubcategory, string HowToVerify)
{
    public static readonly MeasureFieldNames CommandLine = new("--income", "填在佐证栏，命令行用 --evidence", "--income-subcategory",
        "qingling measures update --status verified --income 金额");

    public static readonly MeasureFieldNames WebForm = new("填在“实际增收（元）”栏", "填在“佐证”栏", "“增收分项”栏",
        "先保存措施，再在措施列表或农户页把状态改为“已核实”并填写实际增收");

    public static readonly MeasureFieldNames Api = new("income 字段", "evidence 字段", "incomeSubcategory 字段",
        "先新增措施，再以 status=verified 和 income 调用 /api/measures/{id}/status");
}
