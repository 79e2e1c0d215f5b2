using Qingling.Core.Households;

namespace Qingling.Tests.Households;

public class IdNumberTests
{
    [Fact]
    public void Check_character_follows_ISO_7064_MOD_11_2()
    {
        // Worked example from GB 11643's annex: 11010519491231002 → X.
        Assert.Equal('X', IdNumber.CheckCharacter("11010519491231002"));
        Assert.True(IdNumber.TryValidate("11010519491231002x", out var normalized, out _));
        Assert.Equal("11010519491231002X", normalized);
    }

    [Theory]
    [InlineData("11010519491231002", "18位")]
    [InlineData("110105194912310021", "校验位")]
    [InlineData("110105194902300026", "出生日期")]
    [InlineData("11010519491231A02X", "第15位")]
    public void Invalid_numbers_say_why(string id, string reason)
    {
        Assert.False(IdNumber.TryValidate(id, out _, out var problem));
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void Birth_date_and_sex_come_from_the_number()
    {
        var id = IdNumber.Create("990101", new DateOnly(1988, 2, 29), 37);
        Assert.True(IdNumber.TryValidate(id, out _, out _));
        Assert.Equal(new DateOnly(1988, 2, 29), IdNumber.BirthDate(id));
        Assert.Equal(Sex.Male, IdNumber.SexOf(id));
        Assert.Equal(Sex.Female, IdNumber.SexOf(IdNumber.Create("990101", new DateOnly(1988, 2, 29), 38)));
    }

    [Fact]
    public void Masking_keeps_the_address_code_and_the_check_character_only()
    {
        Assert.Equal("990101***********8", IdNumber.Mask("990101199001010018"));
        Assert.Equal("138****5678", PhoneNumber.Mask("13812345678"));
    }
}
