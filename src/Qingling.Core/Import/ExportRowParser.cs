using System.Globalization;
using Qingling.Core.Households;
using Qingling.Core.Income;

namespace Qingling.Core.Import;

/// <summary>Turns the cells of one export row into an <see cref="ExportRow"/>, reporting each bad cell.</summary>
public sealed class ExportRowParser
{
    static readonly ExportField[] HouseholdFields =
    [
        ExportField.Province, ExportField.City, ExportField.County, ExportField.Town, ExportField.Village, ExportField.VillageCode,
        ExportField.Group, ExportField.HouseholdCode, ExportField.HouseholdType, ExportField.Monitoring, ExportField.ExitYear,
        ExportField.Persons, ExportField.Risks, ExportField.Phone, ExportField.AssignedUnit, ExportField.WorkTeam, ExportField.Cadre,
        ExportField.Year, ExportField.Wage, ExportField.Production, ExportField.Property, ExportField.Transfer,
        ExportField.ProductionCost, ExportField.NetIncome, ExportField.PerCapitaNetIncome,
    ];

    readonly string _file;
    readonly ExportHeader _header;
    readonly int? _year;
    readonly ImportChecks _checks;
    readonly int[] _householdColumns;
    ExportHousehold? _last;
    (ulong Fingerprint, string Code)? _failed;

    public ExportRowParser(string file, ExportHeader header, int? year, ImportChecks? checks = null)
    {
        (_file, _header, _year, _checks) = (file, header, year, checks ?? ImportChecks.Now());
        _householdColumns = HouseholdFields.Select(header.IndexOf).Where(i => i >= 0)
            .Concat(header.Subcategories.Select(s => s.Column)).ToArray();
    }

    /// <summary>Returns null when the row has errors (all of them are added to <paramref name="problems"/>).</summary>
    public ExportRow? Parse(int row, IReadOnlyList<string> cells, ProblemList problems)
    {
        var errorsBefore = problems.Errors;
        var fingerprint = HouseholdCells(cells);
        // Member rows repeat their household's cells: parse them once per run of identical rows.
        ExportHousehold? household;
        if (_last is { } last && last.Fingerprint == fingerprint && SameCode(cells, last.Code)) household = last;
        // The same bad household cells on the next member's row: already reported once, on the household's first row.
        else if (_failed is { } f && f.Fingerprint == fingerprint && SameCode(cells, f.Code)) household = null;
        else
        {
            household = ParseHousehold(row, cells, fingerprint, problems);
            _failed = household is null ? (fingerprint, Cell(cells, ExportField.HouseholdCode)) : null;
        }
        _last = household;
        var member = ParseMember(row, cells, household, problems);
        return problems.Errors > errorsBefore ? null : member;
    }

    /// <summary>The header's name of a column, or its letter when the header has none there.</summary>
    public string ColumnName(int index) => _header.ColumnName(index) is { Length: > 0 } name ? name : $"第{index + 1}列";

    bool SameCode(IReadOnlyList<string> cells, string code)
    {
        var i = _header.IndexOf(ExportField.HouseholdCode);
        if (i < 0 || i >= cells.Count) return code.Length == 0;
        return (cells is LazyCells lazy ? lazy.Span(i) : cells[i].AsSpan()).Trim().SequenceEqual(code);
    }

    string Cell(IReadOnlyList<string> cells, ExportField f)
    {
        var i = _header.IndexOf(f);
        return i >= 0 && i < cells.Count ? cells[i].Trim() : "";
    }

    ulong HouseholdCells(IReadOnlyList<string> cells)
    {
        var h = 14695981039346656037UL;
        var lazy = cells as LazyCells;
        var count = cells.Count;
        foreach (var i in _householdColumns)
        {
            if (i < count)
            {
                var cell = lazy is not null ? lazy.Span(i) : cells[i].AsSpan();
                foreach (var c in cell.Trim()) { h ^= c; h *= 1099511628211UL; }
            }
            h ^= 0x1F; h *= 1099511628211UL;
        }
        return h;
    }

    void Error(int row, ExportField f, string value, string reason, ProblemList problems) =>
        problems.Add(new ImportProblem(_file, row, _header.ColumnName(f), value, reason));

    /// <summary>The household part; null when it has errors.</summary>
    ExportHousehold? ParseHousehold(int row, IReadOnlyList<string> cells, ulong fingerprint, ProblemList problems)
    {
        var errorsBefore = problems.Errors;
        string Cell(ExportField f) => this.Cell(cells, f);
        string? Optional(ExportField f) => Cell(f) is { Length: > 0 } s ? s : null;
        void Error(ExportField f, string value, string reason) => this.Error(row, f, value, reason, problems);

        // Every level of the region path: a row without its province or county would start a second region tree.
        foreach (var f in new[] { ExportField.Province, ExportField.City, ExportField.County, ExportField.Town, ExportField.Village, ExportField.HouseholdCode, ExportField.HouseholdType })
        {
            if (Cell(f).Length == 0) Error(f, "", "必填项为空");
        }

        var rowYear = _year;
        if (Optional(ExportField.Year) is { } yearText)
        {
            if (!int.TryParse(yearText.TrimEnd('年'), NumberStyles.None, CultureInfo.InvariantCulture, out var y) || !_checks.IsPlausibleYear(y))
                Error(ExportField.Year, yearText, $"年度应为{_checks.YearRange}之间的四位年份");
            else if (_year is not null && y != _year)
                Error(ExportField.Year, yearText, $"与指定的年度{_year}不一致");
            else rowYear = y;
        }

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

        var villageCode = Optional(ExportField.VillageCode);
        if (villageCode is not null && !Regions.Region.IsValidCode(villageCode))
            Error(ExportField.VillageCode, villageCode, "区划代码应为12位数字");

        var income = ParseIncome(row, cells, problems);
        var statedNet = SignedAmount(ExportField.NetIncome);
        var statedPerCapita = SignedAmount(ExportField.PerCapitaNetIncome);

        if (rowYear is null && problems.Errors == errorsBefore)
            problems.Add(new ImportProblem(_file, row, "年度", "", _checks.NoYear));
        if (problems.Errors > errorsBefore) return null;

        return new ExportHousehold
        {
            Year = rowYear!.Value,
            Province = Cell(ExportField.Province),
            City = Cell(ExportField.City),
            County = Cell(ExportField.County),
            Town = Cell(ExportField.Town),
            Village = Cell(ExportField.Village),
            VillageCode = villageCode,
            Group = Optional(ExportField.Group),
            Code = Cell(ExportField.HouseholdCode),
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
            Fingerprint = fingerprint,
        };

        decimal? SignedAmount(ExportField f)
        {
            var text = Cell(f);
            if (text.Length == 0) return null;
            var negative = text.StartsWith('-');
            if (!Money.TryParse(negative ? text[1..] : text, out var v, out var problem)) { Error(f, text, problem!); return null; }
            return negative ? -v : v;
        }
    }

    /// <summary>The member part; null when it, or its household, has errors.</summary>
    ExportRow? ParseMember(int row, IReadOnlyList<string> cells, ExportHousehold? household, ProblemList problems)
    {
        var errorsBefore = problems.Errors;
        string Cell(ExportField f) => this.Cell(cells, f);
        string? Optional(ExportField f) => Cell(f) is { Length: > 0 } s ? s : null;
        void Error(ExportField f, string value, string reason) => this.Error(row, f, value, reason, problems);

        foreach (var f in new[] { ExportField.Name, ExportField.IdNumber, ExportField.Relation, ExportField.Labour })
        {
            if (Cell(f).Length == 0) Error(f, "", "必填项为空");
        }

        var idText = Cell(ExportField.IdNumber);
        var id = "";
        if (idText.Length > 0)
        {
            if (IdNumber.TryValidate(idText, out var normalized, out var idProblem)) id = normalized;
            else Error(ExportField.IdNumber, IdNumber.Mask(idText), idProblem!);
        }

        var labourText = Cell(ExportField.Labour);
        LabourCapacity labour = default;
        if (labourText.Length > 0 && !Vocabulary.TryParseLabour(labourText, out labour))
            Error(ExportField.Labour, labourText, $"未知的劳动技能，应为：{Vocabulary.LabourNames}");

        var sex = id.Length == 18 ? IdNumber.SexOf(id) : Sex.Male;
        if (Optional(ExportField.Sex) is { } sexText)
        {
            if (!Vocabulary.TryParseSex(sexText, out var s)) Error(ExportField.Sex, sexText, "性别应为“男”或“女”");
            else if (id.Length == 18 && s != sex) Error(ExportField.Sex, sexText, $"与证件号码不符（证件号码为{Vocabulary.Name(sex)}性）");
        }

        var birth = id.Length == 18 ? IdNumber.BirthDate(id)!.Value : default;
        var birthColumn = ExportField.IdNumber;
        if (Optional(ExportField.BirthDate) is { } birthText)
        {
            birthColumn = ExportField.BirthDate;
            if (!TryParseDate(birthText, out var d)) Error(ExportField.BirthDate, birthText, "不是有效日期");
            else if (id.Length == 18 && d != birth) Error(ExportField.BirthDate, birthText, "与证件号码中的出生日期不符");
        }
        if (id.Length == 18 && birth > _checks.Today)
            Error(birthColumn, birthColumn == ExportField.IdNumber ? IdNumber.Mask(id) : Cell(birthColumn), $"出生日期晚于今天（{_checks.Today:yyyy-MM-dd}），不可能");
        else if (id.Length == 18 && household is not null && labourText.Length > 0 && problems.Errors == errorsBefore)
            CheckLabourAge(row, birth, household.Year, labour, labourText, problems);

        int? monthsWorked = null;
        if (Optional(ExportField.MonthsWorked) is { } monthsText)
        {
            if (!decimal.TryParse(monthsText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var months) || months > 12 || months != Math.Floor(months))
                Error(ExportField.MonthsWorked, monthsText, "务工时间应为0到12的整数月");
            else monthsWorked = (int)months;
        }

        if (household is null || problems.Errors > errorsBefore) return null;
        return new ExportRow
        {
            Row = row,
            Household = household,
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
    }

    /// <summary>
    /// Labour capacity against age at the end of the export's year (or today, for the current year). Under 16 a
    /// member has no labour by the national rule, and labour there would make the household a target: an error.
    /// Past the working age labour is unusual but real (farmers work on): a warning, so it is looked at.
    /// </summary>
    void CheckLabourAge(int row, DateOnly birth, int year, LabourCapacity labour, string labourText, ProblemList problems)
    {
        var yearEnd = new DateOnly(year, 12, 31);
        var on = yearEnd < _checks.Today ? yearEnd : _checks.Today;
        var age = ImportChecks.AgeOn(birth, on);
        if (age < ImportChecks.MinLabourAge && labour is LabourCapacity.Ordinary or LabourCapacity.Skilled or LabourCapacity.Weak)
            Error(row, ExportField.Labour, labourText, $"成员在{on:yyyy-MM-dd}未满{ImportChecks.MinLabourAge}周岁（{age}岁），按规定劳动技能应为“无劳动力”", problems);
        else if (age > _checks.MaxWorkingAge && labour is LabourCapacity.Ordinary or LabourCapacity.Skilled)
            problems.Add(new ImportProblem(_file, row, _header.ColumnName(ExportField.Labour), labourText,
                $"成员在{on:yyyy-MM-dd}已{age}岁，超过劳动年龄上限{_checks.MaxWorkingAge}岁仍记为{labourText}，请核实", ProblemSeverity.Warning));
    }

    List<(IncomeCategory, string, decimal)> ParseIncome(int row, IReadOnlyList<string> cells, ProblemList problems)
    {
        var lines = new List<(IncomeCategory, string, decimal)>();
        foreach (var category in IncomeCategories.All)
        {
            decimal subTotal = 0;
            foreach (var (column, c, sub) in _header.Subcategories)
            {
                if (c != category) continue;
                var text = column < cells.Count ? cells[column].Trim() : "";
                if (!Money.TryParse(text, out var v, out var problem))
                {
                    problems.Add(new ImportProblem(_file, row, _header.ColumnName(column), text, problem!));
                    continue;
                }
                if (v == 0) continue;
                lines.Add((category, sub, v));
                subTotal += v;
            }
            var totalField = ExportFields.FieldOf(category);
            var ti = _header.IndexOf(totalField);
            if (ti < 0) continue;
            var totalText = ti < cells.Count ? cells[ti].Trim() : "";
            if (!Money.TryParse(totalText, out var total, out var totalProblem))
            {
                problems.Add(new ImportProblem(_file, row, _header.ColumnName(ti), totalText, totalProblem!));
                continue;
            }
            if (subTotal > total)
                problems.Add(new ImportProblem(_file, row, _header.ColumnName(ti), totalText, $"分项之和{Money.Invariant(subTotal)}大于合计"));
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
