namespace Qingling.Data.Database;

/// <summary>A key–value setting of this database (for example the check value of its encryption key).</summary>
public class Setting
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}
