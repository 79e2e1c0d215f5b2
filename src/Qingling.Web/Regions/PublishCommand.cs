using System.CommandLine;
using Qingling.Data.Regions;
using Qingling.Web.Cli;

namespace Qingling.Web.Regions;

/// <summary>
/// `qingling publish`: a county brings the village figures it publishes to the province in line with its data now. The
/// import and the web app do it by themselves; this is for a county that changed data by other means, or to check.
/// </summary>
public static class PublishCommand
{
    public static Command Create()
    {
        var command = new Command("publish", "县级库：按当前数据刷新发布给省级的村级汇总（逻辑复制的 village_figures 表；导入后和网页改动后会自动刷新）");
        command.SetAction(parse =>
        {
            var store = CommonOptions.Open(parse);
            if (store.Options.Provider != Data.Database.DatabaseProvider.Postgres)
                throw new UsageException("只有 PostgreSQL 县级库能向省级发布（逻辑复制）；SQLite 乡镇库请用导出文件上报");
            using var db = store.CreateContext();
            if (!PublishedFigures.IsPublishing(db))
                throw new UsageException($"本库还没有发布（publication {PublishedFigures.Publication}）：请先在本库运行 deploy/replication/county-publish.sh 县级区划代码");
            if (!db.Households.Any()) throw new UsageException("本库没有户：没有可发布的数字（省级库接收各县发布的数字，不发布）");
            var outcome = PublishedFigures.Refresh(db);
            Console.WriteLine($"已刷新村级汇总：写入{outcome.Written}行，删除{outcome.Removed}行，未变{outcome.Unchanged}行");
            if (outcome.VillagesWithoutCode > 0)
                Console.Error.WriteLine($"提醒：{outcome.VillagesWithoutCode}个村没有12位区划代码，未发布（省级以区划代码区分各县的行）");
            return 0;
        });
        return command;
    }
}
