using System.Runtime.CompilerServices;

namespace Qingling.Tests.Support;

static class QuietWebLogs
{
    /// <summary>
    /// The in-memory test server has no request-size feature, so every upload route warned that its limit could
    /// not be applied, thousands of lines that buried the one failing test in the CI log. ASP.NET's own warnings
    /// are held to errors here (the web app reads its settings from the environment); the app's own are not.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply() => Environment.SetEnvironmentVariable("Logging__LogLevel__Microsoft.AspNetCore", "Error");
}
