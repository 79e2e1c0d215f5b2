namespace Qingling.Core.Households;

/// <summary>家庭成员. The ID number is never stored in clear: cipher, keyed hash and masked form.</summary>
public class Member
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public string Name { get; set; } = "";
    public byte[] IdCipher { get; set; } = [];
    /// <summary>Keyed hash (HMAC-SHA256) of the normalised ID, for exact look-up.</summary>
    public byte[] IdHash { get; set; } = [];
    public string IdMasked { get; set; } = "";
    /// <summary>与户主关系; "户主" marks the head.</summary>
    public string RelationToHead { get; set; } = "";
    public Sex Sex { get; set; }
    /// <summary>
    /// Only the year is kept in clear: a full birth date beside the masked ID would give the hidden digits back.
    /// The exact date, when a rule needs it, comes from the decrypted ID number.
    /// </summary>
    public int BirthYear { get; set; }
    public string? Ethnicity { get; set; }
    public string? Education { get; set; }
    public string? SchoolStatus { get; set; }
    public string? Health { get; set; }
    public string? Disability { get; set; }
    public LabourCapacity Labour { get; set; }
    public string? WorkStatus { get; set; }
    public int? MonthsWorked { get; set; }
    /// <summary>Joined the household on this date; null means from before the records begin.</summary>
    public DateOnly? JoinedOn { get; set; }
    /// <summary>Left (moved, died, split) on this date; null while still a member.</summary>
    public DateOnly? LeftOn { get; set; }
    public long? ImportBatchId { get; set; }
    /// <summary>Digest of the row's values, written by the data layer so a change made outside the application is found.</summary>
    public byte[]? Digest { get; set; }

    public const string HeadRelation = "户主";
    public bool IsHead => RelationToHead == HeadRelation;
}
