using System.Diagnostics;

namespace Qingling.Tests.Support;

/// <summary>Runs the real `qingling` executable, as a user would, and captures what it prints.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string workingDirectory, params string[] args) => RunWith(new Dictionary<string, string?>(), workingDirectory, args);

    /// <summary>Runs with these environment variables set (a null value removes one).</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] args)
    {
        using var process = Process.Start(Info(workingDirectory, args, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Starts the executable and returns at once, for tests that watch or stop it while it runs.</summary>
    public static Process Start(string workingDirectory, params string[] args) => Process.Start(Info(workingDirectory, args, new Dictionary<string, string?>()))!;

    static ProcessStartInfo Info(string workingDirectory, string[] args, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qingling.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("QINGLING_CONNECTION");
        foreach (var (name, value) in environment)
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        return start;
    }
}
