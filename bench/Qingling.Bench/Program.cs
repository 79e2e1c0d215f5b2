using System.Diagnostics;
using Qingling.Data.Import;

if (args is ["integrity-score", var truthFile, var alertsFile]) return IntegrityScore.Run(truthFile, alertsFile);
if (args is ["scale-data", ..]) return ScaleData.Run(args);
if (args is ["signin", ..]) return SignInTiming.Run(args.Length > 1 && int.TryParse(args[1], out var rounds) ? rounds : 30);

// Reads an export without checking or writing anything: the floor under the import's time.
if (args is not ["read", var path])
{
    Console.Error.WriteLine("usage: Qingling.Bench read FILE | scale-data --households N (--db FILE | --connection C) --key-file K | signin [ROUNDS] | integrity-score TRUTH.csv ALERTS.json");
    return 2;
}
var clock = Stopwatch.StartNew();
long rows = 0, cells = 0;
using (var reader = ExportFile.Open(path))
{
    while (reader.Read())
    {
        rows++;
        cells += reader.Cells.Count;
    }
}
Console.WriteLine($"{rows} rows, {cells} cells read in {clock.Elapsed.TotalSeconds:0.0} s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1_000_000} MB");
return 0;
