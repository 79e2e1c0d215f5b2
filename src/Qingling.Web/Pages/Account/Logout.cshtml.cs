using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Qingling.Data.Database;
using Qingling.Web.Users;

namespace Qingling.Web.Pages.Account;

public class LogoutModel(Store store) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        // A new security stamp ends this user's every session: a copied cookie or a forgotten browser elsewhere is signed out too.
        if (long.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) new UserHandler(store, "").EndSessions(id);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/Account/Login");
    }
}
