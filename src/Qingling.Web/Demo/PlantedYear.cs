using System.Globalization;
using System.Text;
using Qingling.Core.Demo;
using Qingling.Data.Export;

namespace Qingling.Web.Demo;

/// <summary>`generate --plant-anomalies`: the next year's export with planted paper increases, and the list of what was planted.</summary>
public static class PlantedYear
{
    public static void Write(string path, IReadOnlyList<GeneratedHousehold> town, int seed, string? encoding)
    {
        var (next, planted) = new AnomalyPlanter(seed).Plant(town);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var stem = Path.GetFileNameWithoutExtension(path);
        var nextYear = town.Count == 0 ? 0 : town[0].Year + 1;
        var nextPath = Path.Combine(directory, $"{stem}-{nextYear}{Path.GetExtension(path)}");
        var rows = ExportFileWriter.Write(nextPath, next, encoding);
        var truthPath = Path.Combine(directory, $"{stem}-truth.csv");
        var text = new StringBuilder("householdCode,kind\n");
        foreach (var p in planted) text.Append(CultureInfo.InvariantCulture, $"{p.HouseholdCode},{p.Kind}\n");
        File.WriteAllText(truthPath, text.ToString(), new UTF8Encoding(false));
        Console.WriteLine($"已生成 {nextPath}：{nextYear}年{next.Count}户{rows}人，植入{planted.Count}处（{planted.Select(p => p.HouseholdCode).Distinct().Count()}户），清单 {truthPath}");
    }
}
