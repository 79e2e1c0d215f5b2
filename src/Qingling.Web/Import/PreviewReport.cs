using Qingling.Data.Import;

namespace Qingling.Web.Import;

/// <summary>`qingling import --dry-run`: the same preview the web page shows, as plain lines.</summary>
static class PreviewReport
{
    public static void Print(ImportResult result)
    {
        var p = result.Preview!;
        Console.WriteLine($"预览 {result.File}（{p.Year}年，{result.Rows}行，提醒{result.Problems.Warnings}条），未写入数据库：" +
                          string.Join("、", p.Lists.Select(l => $"{l.Name}{l.Count}")) + "。");
        foreach (var list in p.Lists.Where(l => l.Count > 0))
        {
            Console.WriteLine();
            Console.WriteLine($"{list.Name}（{list.Count}）" + (list.Count > list.First.Count ? $"，列出前{list.First.Count}：" : "："));
            var members = list.First.Any(x => x.Member is not null);
            Console.WriteLine(members ? "户编号\t户主\t组\t成员" : "户编号\t户主\t组");
            foreach (var x in list.First)
                Console.WriteLine(members ? $"{x.Code}\t{x.Head}\t{x.Group}\t{x.Member}" : $"{x.Code}\t{x.Head}\t{x.Group}");
        }
    }
}
