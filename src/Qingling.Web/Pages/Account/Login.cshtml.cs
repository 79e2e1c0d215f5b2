using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Web.Users;

namespace Qingling.Web.Pages.Account;

public class LoginModel(Store store) : PageModel
{
    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var (result, user) = new UserHandler(store, UserName).SignIn(UserName.Trim(), Password, DateTime.UtcNow);
        if (result != UserHandler.SignInResult.Ok)
        {
            Error = result == UserHandler.SignInResult.Locked
                ? $"密码连续错误{SignInRules.MaxFailures}次，账号已锁定{SignInRules.Lockout.TotalMinutes:0}分钟，请稍后再试或联系镇管理员"
                : "用户名或密码错误";
            return Page();
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user!.Id.ToString()), new Claim(ClaimTypes.Name, user.UserName), new Claim(ClaimTypes.Role, user.Role.ToString())],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
