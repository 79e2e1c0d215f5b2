using Microsoft.EntityFrameworkCore.Metadata;

namespace Qingling.Data.Database;

/// <summary>
/// The model of each provider, compiled ahead of time into its migrations assembly (`dotnet ef dbcontext optimize`,
/// run by scripts/add-migration). Building the model at run time cost every command about a third of a second of its
/// start, and every test that starts the command line paid it again. Found by name because the migrations assemblies reference
/// this one; without them (a tool that loads this assembly alone) the model is built at run time as before.
/// </summary>
static class CompiledModels
{
    static readonly Lazy<IModel?> Sqlite = new(() => Load("Qingling.Migrations.Sqlite"));
    static readonly Lazy<IModel?> Postgres = new(() => Load("Qingling.Migrations.Postgres"));

    public static IModel? For(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? Sqlite.Value : Postgres.Value;

    static IModel? Load(string assembly)
    {
        Type? type;
        try { type = Type.GetType($"{assembly}.CompiledModel.QinglingDbContextModel, {assembly}"); }
        catch (IOException) { return null; }
        return type?.GetProperty("Instance")?.GetValue(null) as IModel;
    }
}
