namespace Qingling.Core.Households;

/// <summary>Phone numbers are sensitive too: shown as 138****5678.</summary>
public static class PhoneNumber
{
    public static string Mask(string phone) =>
        phone.Length < 7 ? new string('*', phone.Length) : string.Concat(phone.AsSpan(0, 3), new string('*', phone.Length - 7), phone.AsSpan(phone.Length - 4));
}
