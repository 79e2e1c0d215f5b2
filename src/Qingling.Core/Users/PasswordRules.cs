namespace Qingling.Core.Users;

/// <summary>
/// What a new password must be: long enough, letters and digits, and not one an attacker tries first — a common
/// or breached password (with digits around it), a run of one character or of a keyboard row, or the user name.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 10;

    /// <summary>Words at the top of every breach list and guessing dictionary, Chinese ones included, lower case.</summary>
    static readonly HashSet<string> Common =
    [
        "password", "passw0rd", "p@ssw0rd", "p@ssword", "pass", "passwd", "admin", "administrator", "root", "guest", "test", "user",
        "qwerty", "qwertyuiop", "qwertyui", "asdf", "asdfgh", "asdfghjkl", "zxcvbn", "zxcvbnm", "qazwsx", "qazwsxedc", "1qaz2wsx",
        "1qaz2wsx3edc", "zaq12wsx", "1q2w3e4r", "1q2w3e4r5t", "q1w2e3r4", "q1w2e3r4t5", "qwe", "qweasd", "qweasdzxc", "asd", "zxc",
        "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "a1b2c3", "a1b2c3d4", "aa", "aaa", "iloveyou", "welcome", "letmein",
        "changeme", "default", "secret", "master", "monkey", "dragon", "sunshine", "princess", "football", "baseball", "superman",
        "batman", "starwars", "trustno", "trustno1", "whatever", "computer", "michael", "shadow", "freedom", "hello", "login",
        "woaini", "woaini1314", "wodemima", "mima", "mimamima", "aini", "zhongguo", "china", "beijing", "shanghai", "huawei",
        "baidu", "tencent", "qq", "taobao", "xiaomi", "love", "lovely", "woaiwojia", "woshishui", "nihao", "zhang", "wang", "li",
        "liu", "chen", "yang", "qingling", "mengyong", "gengma", "lincang", "yunnan", "zhengfu", "xiangzhen",
    ];

    static readonly string[] Rows = ["abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm", "01234567890"];

    /// <summary>Why the password is refused, in Chinese; null when it is acceptable.</summary>
    public static string? Problem(string password, string userName)
    {
        if (password.Length < MinLength) return $"密码至少{MinLength}位";
        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit)) return "密码须同时包含字母和数字";
        var lower = password.ToLowerInvariant();
        if (lower.Distinct().Count() < 4) return "密码不能由一两个字符重复组成（如 aaaaaaaaa1）";
        var name = userName.Trim().ToLowerInvariant();
        if (name.Length >= 3 && lower.Contains(name, StringComparison.Ordinal)) return "密码不能包含用户名";
        // The word inside: digits and symbols around it are the first variations a guesser tries (password12, 2023admin!).
        var core = lower.Trim("0123456789!@#$%^&*()_+-=.,?~ ".ToCharArray());
        if (Common.Contains(lower) || Common.Contains(core) || core.Length <= 2)
            return "密码太常见或太简单（常见密码、常用词加数字），容易被猜中，请换一个";
        if (IsRun(lower) || IsRun(core)) return "密码不能是连续的字母、数字或键盘上的一排键";
        return null;
    }

    /// <summary>A stretch of the alphabet, the digits or a keyboard row, forwards or backwards, possibly repeated.</summary>
    static bool IsRun(string s)
    {
        if (s.Length < 3) return false;
        var letters = new string(s.Where(char.IsLetter).ToArray());
        var digits = new string(s.Where(char.IsDigit).ToArray());
        return Sequential(letters) && Sequential(digits);
    }

    static bool Sequential(string part)
    {
        if (part.Length <= 1) return true;
        foreach (var row in Rows)
        {
            var reversed = new string(row.Reverse().ToArray());
            if (row.Contains(part, StringComparison.Ordinal) || reversed.Contains(part, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
