using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Qingling.Core.Income;
using Qingling.Core.Showcase;

namespace Qingling.Data.Showcase;

/// <summary>
/// A case as a Word document: its title and section headings, its paragraphs, the income table, and the income as a bar
/// chart drawn with table cells (shaded spans of a 20-column grid), which every office program opens without a chart
/// part or an image renderer.
/// </summary>
public static partial class ShowcaseDocx
{
    const int BarColumns = 20, LabelWidth = 2600, BarWidth = 300;
    const string Font = "宋体", BarColour = "2E7D32", BeforeColour = "9E9E9E";

    public static void Write(ShowcaseCase c, IReadOnlyList<ShowcaseFigure> figures, Stream to)
    {
        using var doc = WordprocessingDocument.Create(to, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
        var body = new Body();
        body.Append(Para(c.Title, "Title"));
        foreach (var line in c.Text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            if (line == c.Title) continue;
            body.Append(Para(line, Heading().IsMatch(line) ? "Heading1" : null));
        }
        body.Append(Para($"附表：各项收入对比（{c.BeforeYear}年与{c.AfterYear}年，元）", "Heading1"));
        body.Append(IncomeTable(c, figures));
        body.Append(Para($"附图：各项收入对比（灰色为{c.BeforeYear}年，绿色为{c.AfterYear}年）", "Heading1"));
        body.Append(BarChart(c, figures.Where(f => f.Category != "人均纯收入").ToList()));
        body.Append(new Paragraph());
        body.Append(new SectionProperties(new PageSize { Width = 11906, Height = 16838 }, new PageMargin { Top = 1440, Bottom = 1440, Left = 1440, Right = 1440 }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    static Paragraph Para(string text, string? style)
    {
        var p = new Paragraph();
        if (style is not null) p.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        p.Append(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return p;
    }

    static Table IncomeTable(ShowcaseCase c, IReadOnlyList<ShowcaseFigure> figures)
    {
        var t = new Table(new TableProperties(new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        t.Append(new TableGrid(new GridColumn { Width = "3000" }, new GridColumn { Width = "2000" }, new GridColumn { Width = "2000" }, new GridColumn { Width = "2000" }));
        t.Append(Row([Cell("项目"), Cell($"{c.BeforeYear}年"), Cell($"{c.AfterYear}年"), Cell("变化")]));
        foreach (var f in figures)
            t.Append(Row([Cell(f.Category), Cell(Money.Show(f.Before)), Cell(Money.Show(f.After)), Cell((f.After - f.Before >= 0 ? "+" : "") + Money.Show(f.After - f.Before))]));
        return t;
    }

    /// <summary>Two bars per category, before and after, each a shaded span of the grid proportional to the largest figure.</summary>
    static Table BarChart(ShowcaseCase c, IReadOnlyList<ShowcaseFigure> figures)
    {
        var max = figures.SelectMany(f => new[] { Math.Abs(f.Before), Math.Abs(f.After) }).DefaultIfEmpty(0m).Max();
        var t = new Table(new TableProperties(new TableLayout { Type = TableLayoutValues.Fixed }, new TableWidth { Type = TableWidthUnitValues.Dxa, Width = (LabelWidth + BarColumns * BarWidth).ToString(CultureInfo.InvariantCulture) }));
        var grid = new TableGrid(new GridColumn { Width = LabelWidth.ToString(CultureInfo.InvariantCulture) });
        for (var i = 0; i < BarColumns; i++) grid.Append(new GridColumn { Width = BarWidth.ToString(CultureInfo.InvariantCulture) });
        t.Append(grid);
        foreach (var f in figures)
            foreach (var (year, value, colour) in new[] { (c.BeforeYear, f.Before, BeforeColour), (c.AfterYear, f.After, BarColour) })
            {
                var span = max == 0 ? 0 : (int)Math.Round(Math.Abs(value) / max * BarColumns, MidpointRounding.AwayFromZero);
                var cells = new List<TableCell> { Cell($"{f.Category}（{year}年）", LabelWidth) };
                if (span > 0) cells.Add(Cell(span == BarColumns ? Money.Show(value) : "", span * BarWidth, span, colour));
                if (span < BarColumns) cells.Add(Cell(Money.Show(value), (BarColumns - span) * BarWidth, BarColumns - span));
                t.Append(Row(cells));
            }
        return t;
    }

    static TableRow Row(IEnumerable<TableCell> cells) => new(cells);

    static TableCell Cell(string text, int? width = null, int span = 1, string? fill = null)
    {
        var props = new TableCellProperties();
        if (width is { } w) props.Append(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = w.ToString(CultureInfo.InvariantCulture) });
        if (span > 1) props.Append(new GridSpan { Val = span });
        if (fill is not null) props.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = fill });
        return new TableCell(props, new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve })));
    }

    static Styles Styles()
    {
        Style S(string id, string name, int halfPoints, bool bold) => new(
            new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { Before = "240", After = "120" }),
            bold ? new StyleRunProperties(new Bold(), new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) })
                 : new StyleRunProperties(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) }))
        { Type = StyleValues.Paragraph, StyleId = id };
        var normal = new Style(new StyleName { Val = "Normal" }, new PrimaryStyle(),
            new StyleRunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, EastAsia = Font }, new FontSize { Val = "24" }))
        { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true };
        return new Styles(normal, S("Title", "Title", 36, true), S("Heading1", "heading 1", 28, true));
    }

    [GeneratedRegex(@"^[一二三四五六七八九十]+、")]
    private static partial Regex Heading();
}
