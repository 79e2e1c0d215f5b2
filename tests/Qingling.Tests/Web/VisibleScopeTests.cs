using System.Net;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Tests.Support;

namespace Qingling.Tests.Web;

/// <summary>
/// What a scoped account may see is kept per data version and scope (a county account's is 250,000 households): a change
/// that widens the scope shows at once.
/// </summary>
public class VisibleScopeTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_department_sees_a_household_as_soon_as_one_of_its_measures_reaches_it(string provider)
    {
        const string department = "镇农业农村服务中心";
        var db = await web.Database(provider);
        string code;
        using (var c = db.Store.CreateContext())
        {
            var reached = c.Measures.AsNoTracking().Where(m => m.Department == department).Select(m => m.HouseholdId).ToHashSet();
            code = c.Households.AsNoTracking().OrderBy(h => h.Id).AsEnumerable().First(h => !reached.Contains(h.Id)).Code;
        }
        var nongye = await web.Client(provider, "nongye");
        Assert.Equal(HttpStatusCode.NotFound, (await nongye.GetAsync($"/Households/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nongye.GetAsync($"/Households/{code}")).StatusCode); // kept, and still right

        var plan = new Qingling.Data.Plans.PlanHandler(db.Store, "测试").Get(null);
        new Qingling.Data.Measures.MeasureHandler(db.Store, plan, "测试").Add(new Qingling.Data.Measures.MeasureInput
        {
            Household = code, Channel = Channels.Industry, Description = "范围测试措施", Department = department, Start = new(2023, 3, 1), End = new(2023, 12, 31),
            ConsentOn = new(2023, 2, 1), ConsentHow = "户主签字",
        });
        Assert.Equal(HttpStatusCode.OK, (await nongye.GetAsync($"/Households/{code}")).StatusCode);
    }
}
