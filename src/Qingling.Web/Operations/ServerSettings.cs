using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Qingling.Web.Cli;

namespace Qingling.Web.Operations;

/// <summary>What the configuration file changes in the web application: its settings, the request log, trust in a reverse proxy.</summary>
public static class ServerSettings
{
    public static void Apply(WebApplicationBuilder builder, ConfigFile config)
    {
        if (config.Path is { } path)
        {
            // Below the environment variables, so Qingling__UploadLimitMB in the environment still wins over the file.
            var sources = builder.Configuration.Sources;
            var at = sources.ToList().FindLastIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
            var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
            source.ResolveFileProvider();
            if (at < 0) sources.Add(source); else sources.Insert(at, source);
        }
        if (config.LogFolder is { } logs) builder.Services.AddSingleton<IStartupFilter>(new RequestLog(logs));
        // Behind nginx the request arrives over http from 127.0.0.1; the proxy's headers say it was https and who asked.
        // The web application already honours them first thing, from this machine and Qingling:TrustedProxies; the
        // file's KnownProxies only add to that list. Only listed proxies are believed, or anyone could claim https.
        if (config.ForwardedHeaders)
            builder.Services.Configure<ForwardedHeadersOptions>(o =>
            {
                foreach (var p in config.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(p));
            });
    }
}
