namespace Qingling.Core.Users;

/// <summary>What a user may see and do.</summary>
public enum Role
{
    /// <summary>镇管理员: everything, users included.</summary>
    Admin = 1,
    /// <summary>镇领导: reads everything.</summary>
    Leader = 2,
    /// <summary>部门工作人员: their department's measures and the households those touch.</summary>
    Department = 3,
    /// <summary>村干部或驻村工作队: their village or villages only.</summary>
    Village = 4,
    /// <summary>审计: reads everything, the trace too; changes nothing.</summary>
    Auditor = 5,
    /// <summary>县、市、省乡村振兴局: reads the households of their region's subtree; changes nothing.</summary>
    Region = 6,
}

/// <summary>A user account. The password is stored only as a hash; failed sign-ins lock the account for a while.</summary>
public class User
{
    public long Id { get; set; }
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public Role Role { get; set; }
    /// <summary>For village users: the village names, joined with 、.</summary>
    public string Villages { get; set; } = "";
    /// <summary>For region users: the region (county, city or province) whose towns they see.</summary>
    public long? RegionId { get; set; }
    /// <summary>For department users: the department.</summary>
    public string? Department { get; set; }
    /// <summary>May see ID numbers unmasked (each time recorded in the trace).</summary>
    public bool CanUnmask { get; set; }
    public int FailedSignIns { get; set; }
    public DateTime? LockedUntil { get; set; }
    public bool Disabled { get; set; }
    /// <summary>
    /// Changes whenever the sessions of this user must end (sign-out, new password, disabled, role or scope changed);
    /// a session cookie carries the stamp it was issued with and is refused once they differ.
    /// </summary>
    public string SecurityStamp { get; set; } = NewStamp();
    public DateTime CreatedAt { get; set; }

    public IReadOnlyList<string> VillageList => Villages.Split('、', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string RoleName(Role r) => r switch
    {
        Role.Admin => "镇管理员",
        Role.Leader => "镇领导",
        Role.Department => "部门工作人员",
        Role.Village => "村干部/驻村工作队",
        Role.Auditor => "审计",
        Role.Region => "区域（乡村振兴局）",
        _ => r.ToString(),
    };

    public bool ReadsEverything => Role is Role.Admin or Role.Leader or Role.Auditor;

    public static string NewStamp() => Guid.NewGuid().ToString("N");
}

/// <summary>
/// Sign-in rules: after this many failures in a row the account is locked for that long; one client address
/// gets at most <see cref="AddressMaxFailures"/> failures against one account in <see cref="AddressWindow"/>, and
/// <see cref="AddressMaxFailuresAll"/> against all accounts together.
/// </summary>
public static class SignInRules
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromMinutes(30);
    /// <summary>Twice the account limit: one address can lock an account at most twice a day, not keep it locked.</summary>
    public const int AddressMaxFailures = 2 * MaxFailures;
    /// <summary>
    /// All accounts together from one address. A town office signs in from behind one NAT address: one clumsy colleague
    /// must not shut out the whole office for a day, yet an outsider must not try names without end.
    /// </summary>
    public const int AddressMaxFailuresAll = 10 * MaxFailures;
    public static readonly TimeSpan AddressWindow = TimeSpan.FromHours(24);

    /// <summary>The one answer to a wrong password, an unknown user and a locked account alike, so none can be told apart.</summary>
    public const string Refused = "用户名或密码错误。连续输错多次的账号会锁定一段时间，如需帮助请联系镇管理员";

    public static readonly string TooManyFromAddress =
        $"本机登录失败次数过多（同一账号{AddressWindow.TotalHours:0}小时内{AddressMaxFailures}次，或所有账号共{AddressMaxFailuresAll}次），暂停登录，请稍后再试或联系镇管理员";
}
