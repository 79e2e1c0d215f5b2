using System.CommandLine;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Qingling.Web.Cli;

/// <summary>
/// Runs a parsed command. Mistakes in the call and expected failures become a one-line Chinese message: exit 2 for a
/// wrong call or an unreachable database, exit 1 when the question has no data to answer it. Never a stack trace.
/// </summary>
public static class CommandLine
{
    public static int Run(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var err = error ?? Console.Error;
        var config = new InvocationConfiguration { Output = output ?? Console.Out, Error = err, EnableDefaultExceptionHandler = false };
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors.Select(e => e.Message).Distinct()) err.WriteLine($"错误：{Translate(e)}");
                var command = parse.CommandResult.Command;
                err.WriteLine($"用法：qingling {(command == root ? "" : Path(command) + " ")}--help");
                return 2;
            }
            return parse.Invoke(config);
        }
        catch (NoDataException e)
        {
            err.WriteLine($"没有数据：{e.Message}");
            return 1;
        }
        catch (Exception e) when (Message(e) is { } message)
        {
            err.WriteLine($"错误：{message}");
            return 2;
        }
    }

    static string Path(Command c) => string.Join(" ", Ancestors(c).Reverse().Skip(1).Select(x => x.Name));

    static IEnumerable<Command> Ancestors(Command c)
    {
        for (Command? x = c; x is not null; x = x.Parents.OfType<Command>().FirstOrDefault()) yield return x;
    }

    /// <summary>The Chinese message for an expected failure, or null for a real bug (which then surfaces as one).</summary>
    static string? Message(Exception e) => e switch
    {
        // EF wraps a connection failure it deems transient ("likely due to a transient failure"): say what failed.
        InvalidOperationException { InnerException: NpgsqlException or SqliteException or SocketException } => Message(e.InnerException!),
        UsageException or InvalidOperationException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException => e.Message,
        ArgumentOutOfRangeException => "日期或数值超出范围：" + e.Message.Split('(')[0].Trim(),
        ArgumentException => e.Message,
        SqliteException { SqliteErrorCode: 26 } => "该文件不是清零数据库（SQLite）文件，请检查 --db",
        SqliteException { SqliteErrorCode: 14 } => "无法打开数据库文件：文件夹不存在或没有权限，请检查 --db",
        SqliteException s => $"数据库出错（SQLite {s.SqliteErrorCode}）：{s.Message}",
        PostgresException { SqlState: "28P01" or "28000" } => "无法登录 PostgreSQL：用户名或密码错误，请检查 --connection",
        PostgresException { SqlState: "3D000" } => "PostgreSQL 中没有该数据库，请检查 --connection 中的 Database",
        // The server's own statement_timeout cancels too: the same words as Npgsql's command timeout.
        PostgresException { SqlState: "57014" } => "PostgreSQL 查询超时：语句运行超过了服务器的 statement_timeout 或连接字符串的 Command Timeout，已取消；可在 --connection 中设置更长的 Command Timeout（0 为不限）",
        PostgresException p => $"PostgreSQL 出错（{p.SqlState}）：{p.MessageText}",
        // A statement that ran past the command timeout: the server was reached (Npgsql says "Exception while reading from stream").
        NpgsqlException { InnerException: TimeoutException } n when !n.Message.StartsWith("Failed to connect", StringComparison.Ordinal) && n.Message.Contains("reading", StringComparison.Ordinal) =>
            "PostgreSQL 查询超时：语句运行超过了连接字符串的 Command Timeout（未设置时为" + Qingling.Data.Database.DatabaseOptions.DefaultCommandTimeout + "秒），已取消；可在 --connection 中设置更长的 Command Timeout（0 为不限）",
        NpgsqlException { InnerException: SocketException or TimeoutException } or SocketException => "无法连接 PostgreSQL：服务器未启动、地址或端口不对，请检查 --connection",
        NpgsqlException n => "无法连接 PostgreSQL：" + n.Message,
        _ when e.InnerException is { } inner => Message(inner),
        _ => null,
    };

    static readonly (Regex Pattern, string Chinese)[] ParserMessages =
    [
        (new(@"^Unrecognized command or argument '(.*)'\.?$"), "无法识别的命令或参数“$1”"),
        (new(@"^Option '(.*)' is required\.?$"), "缺少必填选项 $1"),
        (new(@"^Required option '(.*)' is missing for command: '(.*)'\.?$"), "命令“$2”缺少必填选项 $1"),
        (new(@"^Required argument missing for command: '(.*)'\.?$"), "命令“$1”缺少必填参数"),
        (new(@"^Required argument '(.*)' missing for command: '(.*)'\.?$"), "命令“$2”缺少必填参数 $1"),
        (new(@"^Cannot parse argument '(.*)' for option '(.*)' as expected type '.*Int32'\.?$"), "选项 $2 的值“$1”应为整数"),
        (new(@"^Cannot parse argument '(.*)' for option '(.*)' as expected type '.*Int64'\.?$"), "选项 $2 的值“$1”应为整数"),
        (new(@"^Cannot parse argument '(.*)' for option '(.*)' as expected type '.*Decimal'\.?$"), "选项 $2 的值“$1”应为数字"),
        (new(@"^Cannot parse argument '(.*)' for option '(.*)' as expected type '.*Boolean'\.?$"), "选项 $2 的值“$1”应为 true 或 false"),
        (new(@"^Cannot parse argument '(.*)' for option '(.*)' as expected type '.*'\.?$"), "选项 $2 的值“$1”格式不对"),
        (new(@"^Cannot parse argument '(.*)' for command '(.*)' as expected type '.*'\.?$"), "命令 $2 的参数“$1”格式不对"),
        (new(@"^Option '(.*)' expects a single argument but (\d+) were provided\.?$"), "选项 $1 只能给一个值，却给了$2个"),
        (new(@"^Argument '(.*)' not recognized\. Must be one of:(.*)$", RegexOptions.Singleline), "“$1”不是可选的值，应为：$2"),
        (new(@"^Unrecognized argument '(.*)'\.?$"), "无法识别的参数“$1”"),
    ];

    /// <summary>System.CommandLine reports in English; the people using this read Chinese.</summary>
    public static string Translate(string message)
    {
        foreach (var (pattern, chinese) in ParserMessages)
            if (pattern.IsMatch(message)) return pattern.Replace(message, chinese).Replace("\n", " ").Trim();
        return message;
    }
}
