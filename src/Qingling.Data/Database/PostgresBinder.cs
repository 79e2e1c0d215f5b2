using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Qingling.Data.Database;

/// <summary>
/// The PostgreSQL twin of <see cref="SqliteBinder"/>: one compiled delegate per entity type writes a row
/// to a binary COPY with typed writes, EF's converters applied, no boxing.
/// </summary>
static class PostgresBinder
{
    static readonly Dictionary<Type, NpgsqlDbType> Types = new()
    {
        [typeof(long)] = NpgsqlDbType.Bigint, [typeof(int)] = NpgsqlDbType.Integer, [typeof(short)] = NpgsqlDbType.Smallint,
        [typeof(string)] = NpgsqlDbType.Text, [typeof(byte[])] = NpgsqlDbType.Bytea, [typeof(DateOnly)] = NpgsqlDbType.Date,
        [typeof(DateTime)] = NpgsqlDbType.TimestampTz, [typeof(decimal)] = NpgsqlDbType.Numeric, [typeof(bool)] = NpgsqlDbType.Boolean,
        [typeof(double)] = NpgsqlDbType.Double,
    };

    public static Action<NpgsqlBinaryImporter, T> Compile<T>(IReadOnlyList<IProperty> properties)
    {
        var importer = Expression.Parameter(typeof(NpgsqlBinaryImporter), "importer");
        var entity = Expression.Parameter(typeof(T), "entity");
        var body = properties.Select(p => WriteColumn(importer, entity, p)).ToList();
        return Expression.Lambda<Action<NpgsqlBinaryImporter, T>>(Expression.Block(body), importer, entity).Compile();
    }

    static Expression WriteColumn(ParameterExpression importer, ParameterExpression entity, IProperty property)
    {
        Expression value = Expression.Property(entity, property.PropertyInfo ?? throw new NotSupportedException($"{property.Name} has no CLR property"));
        var converter = property.GetTypeMapping().Converter;
        Expression Convert(Expression v)
        {
            if (converter is null) return v;
            var lambda = converter.ConvertToProviderExpression;
            return Expression.Invoke(lambda, v.Type == lambda.Parameters[0].Type ? v : Expression.Convert(v, lambda.Parameters[0].Type));
        }
        Expression Write(Expression v)
        {
            if (!Types.TryGetValue(v.Type, out var dbType)) throw new NotSupportedException($"no COPY type for {v.Type} ({property.Name})");
            var method = typeof(NpgsqlBinaryImporter).GetMethods()
                .Single(m => m.Name == nameof(NpgsqlBinaryImporter.Write) && m.IsGenericMethod && m.GetParameters() is [_, { ParameterType: var t }] && t == typeof(NpgsqlDbType))
                .MakeGenericMethod(v.Type);
            return Expression.Call(importer, method, v, Expression.Constant(dbType));
        }
        var writeNull = Expression.Call(importer, typeof(NpgsqlBinaryImporter).GetMethod(nameof(NpgsqlBinaryImporter.WriteNull), Type.EmptyTypes)!);
        if (Nullable.GetUnderlyingType(value.Type) is not null)
            return Expression.IfThenElse(Expression.Property(value, "HasValue"), Write(Convert(Expression.Property(value, "Value"))), writeNull);
        var converted = Convert(value);
        if (converted.Type.IsValueType) return Write(converted);
        var temp = Expression.Variable(converted.Type);
        return Expression.Block([temp], Expression.Assign(temp, converted),
            Expression.IfThenElse(Expression.Equal(temp, Expression.Constant(null, converted.Type)), writeNull, Write(temp)));
    }
}
