using System.Globalization;
using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Import;

/// <summary>Turns the cells of one export row into an <see cref="ExportRow"/>, reporting each bad cell.</summary>
public sealed class ExportRowParser(string file, ExportHeader header, int? year)
{
    /// <summary>Returns null when the row has errors (all of them are added to <paramref name="problems"/>).</summary>
    public ExportRow? Parse(int row, IReadOnlyList<string> cells, ProblemList problems)
    {
        var errorsBefore = problems.Errors;
        string Cell(ExportField f)
        {
            var i = header.IndexOf(f);
            return i >= 0 && i < cells.Count ? cells[i].Trim() : "";
        }
        string? Optional(ExportField f) => Cell(f) is { Length: > 0 } s ? s : null;
        void Error(ExportField f, string value, string reason) =>
            problems.Add(new ImportProblem(file, row, header.ColumnName(f), value, reason));

        foreach (var f in ExportFields.Required)
        {
            if (Cell(f).Length == 0) Error(f, "", "必填项为空");
        }

        var rowYear = year;
        if (Optional(ExportField.Year) is { } yearText)
        {
            if (!int.TryParse(yearText.TrimEnd('年'), NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 2000 or > 2100)
                Error(ExportField.Year, yearText, "年度应为四位年份");
            else if (year is not null && y != year)
                Error(ExportField.Year, yearText, $"与指定的年度{year}不一致");
            else rowYear = y;
        }

        var idText = Cell(ExportField.IdNumber);
        string id = "";
        if (idText.Length > 0)
        {
            if (IdNumber.TryValidate(idText, out var normalized, out var idProblem)) id = normalized;
            else Error(ExportField.IdNumber, IdNumber.Mask(idText.Trim()), idProblem!);
        }

        var labourText = Cell(ExportField.Labour);
        LabourCapacity labour = default;
        if (labourText.Length > 0 && !Vocabulary.TryParseLabour(labourText, out labour))
            Error(ExportField.Labour, labourText, $"未知的劳动技能，应为：{Vocabulary.LabourNames}");

        var typeText = Cell(ExportField.HouseholdType);
        HouseholdType type = default;
        if (typeText.Length > 0 && !Vocabulary.TryParseHouseholdType(typeText, out type))
            Error(ExportField.HouseholdType, typeText, $"未知的户类型，应为：{Vocabulary.HouseholdTypeNames}");

        MonitoringCategory? monitoring = null;
        if (Optional(ExportField.Monitoring) is { } monText && monText is not ("无" or "否" or "-"))
        {
            if (Vocabulary.TryParseMonitoring(monText, out var m)) monitoring = m;
            else Error(ExportField.Monitoring, monText, $"未知的监测对象类别，应为：{Vocabulary.MonitoringNames}或空");
        }

        Sex sex = id.Length == 18 ? IdNumber.SexOf(id) : Sex.Male;
        if (Optional(ExportField.Sex) is { } sexText)
        {
            if (!Vocabulary.TryParseSex(sexText, out var s)) Error(ExportField.Sex, sexText, "性别应为“男”或“女”");
            else if (id.Length == 18 && s != sex) Error(ExportField.Sex, sexText, $"与证件号码不符（证件号码为{Vocabulary.Name(sex)}性）");
        }

        var birth = id.Length == 18 ? IdNumber.BirthDate(id)!.Value : default;
        if (Optional(ExportField.BirthDate) is { } birthText)
        {
            if (!TryParseDate(birthText, out var d)) Error(ExportField.BirthDate, birthText, "不是有效日期");
            else if (id.Length == 18 && d != birth) Error(ExportField.BirthDate, birthText, $"与证件号码中的出生日期{birth:yyyy-MM-dd}不符");
        }

        int? monthsWorked = null;
        if (Optional(ExportField.MonthsWorked) is { } monthsText)
        {
            if (!decimal.TryParse(monthsText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var months) || months > 12 || months != Math.Floor(months))
                Error(ExportField.MonthsWorked, monthsText, "务工时间应为0到12的整数月");
            else monthsWorked = (int)months;
        }

        int? exitYear = null;
        if (Optional(ExportField.ExitYear) is { } exitText)
        {
            if (int.TryParse(exitText.TrimEnd('年'), NumberStyles.None, CultureInfo.InvariantCulture, out var ey) && ey is >= 2013 and <= 2100) exitYear = ey;
            else Error(ExportField.ExitYear, exitText, "脱贫年度应为四位年份");
        }

        int? persons = null;
        if (Optional(ExportField.Persons) is { } personsText)
        {
            if (int.TryParse(personsText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 100) persons = p;
            else Error(ExportField.Persons, personsText, "家庭人口数应为正整数");
        }

        string? villageCode = Optional(ExportField.VillageCode);
        if (villageCode is not null && !Regions.Region.IsValidCode(villageCode))
            Error(ExportField.VillageCode, villageCode, "区划代码应为12位数字");

        var income = ParseIncome(row, cells, problems);
        decimal? statedNet = Amount(ExportField.NetIncome, allowNegative: true);
        decimal? statedPerCapita = Amount(ExportField.PerCapitaNetIncome, allowNegative: true);

        if (rowYear is null && problems.Errors == errorsBefore)
            problems.Add(new ImportProblem(file, row, "年度", "", "无法确定收入所属年度：请用 --year 指定，或在文件中提供“年度”列"));

        if (problems.Errors > errorsBefore) return null;
        return new ExportRow
        {
            Row = row,
            Year = rowYear!.Value,
            Province = Cell(ExportField.Province),
            City = Cell(ExportField.City),
            County = Cell(ExportField.County),
            Town = Cell(ExportField.Town),
            Village = Cell(ExportField.Village),
            VillageCode = villageCode,
            Group = Optional(ExportField.Group),
            HouseholdCode = Cell(ExportField.HouseholdCode),
            Type = type,
            Monitoring = monitoring,
            ExitYear = exitYear,
            StatedPersons = persons,
            Risks = NormalizeRisks(Cell(ExportField.Risks)),
            Phone = Optional(ExportField.Phone),
            AssignedUnit = Optional(ExportField.AssignedUnit),
            WorkTeam = Optional(ExportField.WorkTeam),
            Cadre = Optional(ExportField.Cadre),
            StatedNetIncome = statedNet,
            StatedPerCapita = statedPerCapita,
            Income = income,
            Name = Cell(ExportField.Name),
            IdNumber = id,
            Relation = Cell(ExportField.Relation),
            Sex = sex,
            BirthDate = birth,
            Ethnicity = Optional(ExportField.Ethnicity),
            Education = Optional(ExportField.Education),
            SchoolStatus = Optional(ExportField.SchoolStatus),
            Health = Optional(ExportField.Health),
            Disability = Optional(ExportField.Disability),
            Labour = labour,
            WorkStatus = Optional(ExportField.WorkStatus),
            MonthsWorked = monthsWorked,
        };

        decimal? Amount(ExportField f, bool allowNegative)
        {
            var text = Cell(f);
            if (text.Length == 0) return null;
            var t = allowNegative && text.StartsWith('-') ? text[1..] : text;
            if (!Money.TryParse(t, out var v, out var problem)) { Error(f, text, problem!); return null; }
            return text.StartsWith('-') && allowNegative ? -v : v;
        }
    }

    List<(IncomeCategory, string, decimal)> ParseIncome(int row, IReadOnlyList<string> cells, ProblemList problems)
    {
        var lines = new List<(IncomeCategory, string, decimal)>();
        foreach (var category in IncomeCategories.All)
        {
            decimal subTotal = 0;
            foreach (var (column, c, sub) in header.Subcategories)
            {
                if (c != category) continue;
                var text = column < cells.Count ? cells[column].Trim() : "";
                if (!Money.TryParse(text, out var v, out var problem))
                {
                    problems.Add(new ImportProblem(file, row, header.ColumnName(column), text, problem!));
                    continue;
                }
                if (v == 0) continue;
                lines.Add((category, sub, v));
                subTotal += v;
            }
            var totalField = ExportFields.FieldOf(category);
            var ti = header.IndexOf(totalField);
            if (ti < 0) continue;
            var totalText = ti < cells.Count ? cells[ti].Trim() : "";
            if (!Money.TryParse(totalText, out var total, out var totalProblem))
            {
                problems.Add(new ImportProblem(file, row, header.ColumnName(ti), totalText, totalProblem!));
                continue;
            }
            if (subTotal > total)
                problems.Add(new ImportProblem(file, row, header.ColumnName(ti), totalText, $"分项之和{Money.Invariant(subTotal)}大于合计"));
            else if (total > subTotal)
                lines.Add((category, IncomeCategories.Unspecified, total - subTotal));
        }
        return lines;
    }

    static string NormalizeRisks(string text) =>
        string.Join("、", text.Split(['、', ',', '，', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(r => r is not ("无" or "-")));

    static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyyMMdd", "yyyy.M.d", "yyyy年M月d日", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"];

    /// <summary>Accepts the usual written forms and Excel's serial day numbers.</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        var t = text.Trim();
        if (DateTime.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            date = DateOnly.FromDateTime(dt);
            return true;
        }
        if (t.Length <= 7 && double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 2958466)
        {
            date = DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
            return true;
        }
        date = default;
        return false;
    }
}
