using System.CommandLine;

namespace Qingling.Web.Cli;

/// <summary>Runs a parsed command; expected failures become a one-line Chinese message and exit code 2.</summary>
public static class CommandLine
{
    public static int Run(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var config = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (Exception e) when (e is UsageException or InvalidOperationException or InvalidDataException or FileNotFoundException or ArgumentException)
        {
            (error ?? Console.Error).WriteLine($"错误：{e.Message}");
            return 2;
        }
    }
}
