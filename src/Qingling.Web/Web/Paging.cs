namespace Qingling.Web.Web;

/// <summary>
/// One page of a list. Lists are cut on the server so a town of 250,000 households never sends them all to a phone;
/// the page number and size travel in the query string as <c>p</c> and <c>size</c>, beside the page's filters.
/// </summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Number, int Size, int Total)
{
    public const int DefaultSize = 50;
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);
    /// <summary>Position (from 1) of the first row on this page, for row numbers.</summary>
    public int First => (Number - 1) * Size + 1;
    /// <summary>The model of the _Pager partial; <paramref name="key"/> names the page number in the query string.</summary>
    public (int Number, int Pages, int Total, int Size, string Key) Pager(string key = "p") => (Number, Pages, Total, Size, key);
}

public static class Paging
{
    /// <summary>A page size asked for, kept between 5 and 500.</summary>
    public static int Size(int? asked) => Math.Clamp(asked ?? Paged<object>.DefaultSize, 5, 500);

    public static Paged<T> Of<T>(IEnumerable<T> rows, int? page, int? size)
    {
        var list = rows as IReadOnlyList<T> ?? rows.ToList();
        var s = Size(size);
        var pages = Math.Max(1, (list.Count + s - 1) / s);
        var n = Math.Clamp(page ?? 1, 1, pages);
        return new Paged<T>(list.Skip((n - 1) * s).Take(s).ToList(), n, s, list.Count);
    }

    /// <summary>Counted and cut in the database.</summary>
    public static Paged<T> Of<T>(IQueryable<T> rows, int? page, int? size) => Of(rows, page, size, rows.Count());

    /// <summary>Cut in the database, the rows already counted (<paramref name="total"/>).</summary>
    public static Paged<T> Of<T>(IQueryable<T> rows, int? page, int? size, int total)
    {
        var s = Size(size);
        var pages = Math.Max(1, (total + s - 1) / s);
        var n = Math.Clamp(page ?? 1, 1, pages);
        return new Paged<T>(rows.Skip((n - 1) * s).Take(s).ToList(), n, s, total);
    }

    /// <summary>The current URL with page <paramref name="number"/>, every other query value (the filters) kept.</summary>
    public static string Link(HttpRequest request, int number, string key = "p")
    {
        var query = request.Query.Where(q => !q.Key.Equals(key, StringComparison.OrdinalIgnoreCase) && q.Key is not ("handler" or "__RequestVerificationToken"))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"{key}={number}");
        return request.Path + "?" + string.Join("&", query);
    }
}
