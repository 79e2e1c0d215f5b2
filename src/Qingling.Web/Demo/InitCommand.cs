using System.CommandLine;
using Qingling.Web.Cli;

namespace Qingling.Web.Demo;

/// <summary>`qingling init`: creates an empty database and its key; the only way besides demo and a first import.</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var command = new Command("init", "新建一个空的数据库（SQLite 文件或 PostgreSQL 库中的表）及其密钥文件");
        command.SetAction(parse =>
        {
            var options = CommonOptions.Database(parse);
            if (options.Provider == Qingling.Data.Database.DatabaseProvider.Sqlite && File.Exists(CommonOptions.SqliteFile(options)))
                throw new UsageException($"数据库文件已存在：{CommonOptions.SqliteFile(options)}，不再新建");
            var store = CommonOptions.Open(parse, create: true);
            Console.WriteLine($"已新建数据库：{store.Options.Describe()}");
            Console.WriteLine($"密钥文件：{CommonOptions.KeyFilePath(parse, store.Options)}（请与数据库一起备份，丢失后证件号码无法读取）");
            Console.WriteLine("下一步：qingling user add --name 用户名 --role admin --password 密码 --can-unmask 建立第一个管理员，再 qingling plan load 方案文件.json、qingling import 导出文件.xlsx --year 年度");
            return 0;
        });
        return command;
    }
}
