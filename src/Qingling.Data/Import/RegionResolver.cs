using Microsoft.EntityFrameworkCore;
using Qingling.Core.Import;
using Qingling.Core.Regions;
using Qingling.Data.Database;

namespace Qingling.Data.Import;

/// <summary>Finds or creates the region path of a row (province → … → village → group).</summary>
sealed class RegionResolver
{
    readonly QinglingDbContext _db;
    readonly Dictionary<(long? Parent, RegionLevel Level, string Name), Region> _known;

    public RegionResolver(QinglingDbContext db)
    {
        _db = db;
        _known = db.Regions.AsNoTracking().AsEnumerable().ToDictionary(r => (r.ParentId, r.Level, r.Name));
    }

    Action _beforeWrite = () => { };
    Action<Region> _add = _ => throw new InvalidOperationException("no writer for new regions");

    /// <summary>The village's id; creates missing levels (and the group, when the row names one).</summary>
    /// <param name="beforeWrite">Called before an existing region is changed, so the connection is free.</param>
    /// <param name="add">
    /// Writes a new region: numbers it and buffers it with the import's bulk rows, parents before children. A province's
    /// first import creates 11,200 villages and 100,800 groups; written one statement each, after waiting for the bulk
    /// rows before it, they were most of a small province's import.
    /// </param>
    public long Village(ExportRow row, Action beforeWrite, Action<Region> add)
    {
        _beforeWrite = beforeWrite;
        _add = add;
        // One register holds one region tree: a province it does not know is a misread or mistyped 省 column,
        // which would otherwise start a second tree and move households into it.
        if (!_known.ContainsKey((null, RegionLevel.Province, row.Province))
            && _known.Values.Where(r => r.ParentId is null).Select(r => r.Name).ToList() is { Count: > 0 } roots)
            throw new ImportFileException($"省“{row.Province}”不是数据库中已有的“{string.Join("、", roots)}”：一个数据库只存一棵区划树，请核对“省”列", row.Row, "省");
        long? parent = null;
        parent = Step(parent, RegionLevel.Province, row.Province, null);
        parent = Step(parent, RegionLevel.City, row.City, null);
        parent = Step(parent, RegionLevel.County, row.County, null);
        parent = Step(parent, RegionLevel.Town, row.Town, null);
        var village = Step(parent, RegionLevel.Village, row.Village, row.VillageCode)!.Value;
        Step(village, RegionLevel.Group, row.Group ?? "", null);
        return village;
    }

    /// <summary>The village's id if the register already has the row's region path, else null; creates nothing.</summary>
    public long? ExistingVillage(ExportRow row)
    {
        long? parent = null;
        foreach (var (level, name) in new[] { (RegionLevel.Province, row.Province), (RegionLevel.City, row.City), (RegionLevel.County, row.County), (RegionLevel.Town, row.Town) })
        {
            if (name.Length == 0) continue;
            if (!_known.TryGetValue((parent, level, name), out var region)) return null;
            parent = region.Id;
        }
        return _known.TryGetValue((parent, RegionLevel.Village, row.Village), out var village) ? village.Id : null;
    }

    long? Step(long? parent, RegionLevel level, string name, string? code)
    {
        if (name.Length == 0) return parent;
        if (_known.TryGetValue((parent, level, name), out var region))
        {
            if (code is not null && region.Code is null)
            {
                _beforeWrite();
                region.Code = code;
                _db.Regions.Attach(region).Property(r => r.Code).IsModified = true;
                _db.SaveChanges();
            }
            return region.Id;
        }
        region = new Region { ParentId = parent, Level = level, Name = name, Code = code };
        _add(region);
        _known[(parent, level, name)] = region;
        return region.Id;
    }
}
