using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SQLitePCL;

namespace Qingling.Data.Database;

/// <summary>
/// Compiles, from the EF model, one delegate per entity type that binds all its columns to a prepared
/// SQLite statement: typed property reads and EF's own value converters, no boxing. On a million-row
/// import the boxed, per-value path cost more than SQLite's own work.
/// </summary>
static class SqliteBinder
{
    public static Action<sqlite3_stmt, T> Compile<T>(IReadOnlyList<IProperty> properties)
    {
        var statement = Expression.Parameter(typeof(sqlite3_stmt), "statement");
        var entity = Expression.Parameter(typeof(T), "entity");
        var body = new List<Expression>();
        for (var i = 0; i < properties.Count; i++) body.Add(BindColumn(statement, entity, properties[i], i + 1));
        return Expression.Lambda<Action<sqlite3_stmt, T>>(Expression.Block(body), statement, entity).Compile();
    }

    static Expression BindColumn(ParameterExpression statement, ParameterExpression entity, IProperty property, int index)
    {
        Expression value = Expression.Property(entity, property.PropertyInfo ?? throw new NotSupportedException($"{property.Name} has no CLR property"));
        var converter = property.GetTypeMapping().Converter;
        var underlying = Nullable.GetUnderlyingType(value.Type);
        Expression Convert(Expression v)
        {
            if (converter is null) return v;
            var lambda = converter.ConvertToProviderExpression;
            var input = v.Type == lambda.Parameters[0].Type ? v : Expression.Convert(v, lambda.Parameters[0].Type);
            return Expression.Invoke(lambda, input);
        }
        Expression Call(Expression v)
        {
            var method = typeof(SqliteBinder).GetMethod(nameof(Bind), BindingFlags.NonPublic | BindingFlags.Static, [typeof(sqlite3_stmt), typeof(int), v.Type])
                ?? throw new NotSupportedException($"no SQLite binding for {v.Type} ({property.Name})");
            return Expression.Call(method, statement, Expression.Constant(index), v);
        }
        var bindNull = Expression.Call(typeof(raw).GetMethod(nameof(raw.sqlite3_bind_null))!, statement, Expression.Constant(index));
        if (underlying is not null)
        {
            var hasValue = Expression.Property(value, "HasValue");
            var inner = Expression.Property(value, "Value");
            return Expression.IfThenElse(hasValue, Call(Convert(inner)), bindNull);
        }
        var converted = Convert(value);
        if (!converted.Type.IsValueType)
        {
            var temp = Expression.Variable(converted.Type);
            return Expression.Block([temp], Expression.Assign(temp, converted),
                Expression.IfThenElse(Expression.Equal(temp, Expression.Constant(null, converted.Type)), bindNull, Call(temp)));
        }
        return Call(converted);
    }

    static void Bind(sqlite3_stmt s, int i, long v) => raw.sqlite3_bind_int64(s, i, v);
    static void Bind(sqlite3_stmt s, int i, int v) => raw.sqlite3_bind_int64(s, i, v);
    static void Bind(sqlite3_stmt s, int i, bool v) => raw.sqlite3_bind_int64(s, i, v ? 1 : 0);
    static void Bind(sqlite3_stmt s, int i, double v) => raw.sqlite3_bind_double(s, i, v);
    static void Bind(sqlite3_stmt s, int i, string v) => raw.sqlite3_bind_text16(s, i, v.AsSpan());
    static void Bind(sqlite3_stmt s, int i, byte[] v) => raw.sqlite3_bind_blob(s, i, v);

    // The text forms EF Core's SQLite provider writes and reads.
    static void Bind(sqlite3_stmt s, int i, DateOnly v)
    {
        Span<char> text = stackalloc char[10];
        v.TryFormat(text, out var n, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        raw.sqlite3_bind_text16(s, i, text[..n]);
    }

    static void Bind(sqlite3_stmt s, int i, DateTime v)
    {
        Span<char> text = stackalloc char[32];
        v.TryFormat(text, out var n, "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        raw.sqlite3_bind_text16(s, i, text[..n]);
    }
}
