using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Core.Users;
using Qingling.Data.Database;
using Qingling.Web.Users;

namespace Qingling.Web.Pages.Account;

public class LoginModel(Store store, SignInThrottle throttle) : PageModel
{
    /// <summary>The claim holding the user's security stamp when the cookie was issued.</summary>
    public const string StampClaim = "qingling:stamp";

    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var now = DateTime.UtcNow;
        var address = SignInThrottle.Key(HttpContext.Connection.RemoteIpAddress);
        if (!throttle.TryClaim(address, UserName, now))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Error = SignInRules.TooManyFromAddress;
            return Page();
        }
        var (result, user) = new UserHandler(store, UserName).SignIn(UserName.Trim(), Password, now);
        if (result != UserHandler.SignInResult.Ok)
        {
            // One text for a wrong password, an unknown name and a locked account: the answer must not tell which names exist.
            Error = SignInRules.Refused;
            return Page();
        }
        throttle.Succeeded(address, UserName, now);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user!.Id.ToString()), new Claim(ClaimTypes.Name, user.UserName), new Claim(ClaimTypes.Role, user.Role.ToString()),
             new Claim(StampClaim, user.SecurityStamp)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        // Village cadres and departments land on their own work; region accounts on their region; the town on the overview.
        var home = user.Role is Role.Village or Role.Department ? "/Mine" : user.Role == Role.Region ? "/Regions" : "/";
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/" ? ReturnUrl! : home);
    }
}
