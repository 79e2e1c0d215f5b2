using Microsoft.EntityFrameworkCore;
using Qingling.Core.Photos;
using Qingling.Data.Photos;
using Qingling.Tests.Support;

namespace Qingling.Tests.Photos;

/// <summary>
/// `trace verify` checks the evidence photo files too: they live outside the database, so a file deleted or replaced by
/// hand is seen by neither the chain nor the rows' digests. Each photo's original and thumbnail must be in the folder
/// with the bytes their name (SHA-256) says; otherwise exit 3, naming the photo, its household and the file.
/// </summary>
public class EvidenceFileVerifyTests
{
    public static TheoryData<string> Providers => TestDatabase.Providers;

    [Theory, MemberData(nameof(Providers))]
    public void Trace_verify_finds_a_photo_file_deleted_or_replaced_by_hand(string provider)
    {
        using var db = TestDatabase.WithDemo(provider);
        long measureId;
        string household;
        using (var c = db.Store.CreateContext())
        {
            var measure = c.Measures.AsNoTracking().OrderBy(m => m.Id).First();
            measureId = measure.Id;
            household = c.Households.AsNoTracking().Single(h => h.Id == measure.HouseholdId).Code;
        }
        var prepared = EvidenceHandler.Prepare([new UploadedFile("verify.jpg", TestImages.Jpeg(800, 600))]);
        var photo = new EvidenceHandler(db.Store, "admin（测试）", "admin").Attach(EvidenceOwners.Measure, measureId, prepared).Single();
        var files = new EvidenceFiles(db.Store.EvidenceFolder);

        var run = Support.Cli.Run(db.Folder, ["trace", "verify", .. db.CliArguments]);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("佐证照片文件2个", run.Output);
        Assert.Contains("佐证照片文件齐全且未被改动", run.Output);

        // The thumbnail deleted by hand.
        var thumb = files.PathOf(photo.ThumbSha256);
        var thumbBytes = File.ReadAllBytes(thumb);
        File.Delete(thumb);
        run = Support.Cli.Run(db.Folder, ["trace", "verify", .. db.CliArguments]);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"佐证照片id={photo.Id}（户{household}）的缩略图文件缺失", run.Output);
        File.WriteAllBytes(thumb, thumbBytes);

        // The original replaced by other bytes under its name.
        var original = files.PathOf(photo.Sha256);
        var originalBytes = File.ReadAllBytes(original);
        File.WriteAllBytes(original, TestImages.Jpeg(800, 601));
        run = Support.Cli.Run(db.Folder, ["trace", "verify", .. db.CliArguments]);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"佐证照片id={photo.Id}（户{household}）的原图文件内容与其哈希不符", run.Output);
        Assert.Contains("校验未通过", run.Output);
        Assert.DoesNotContain("Exception", run.Output + run.Error);

        // Put back: clean again.
        File.WriteAllBytes(original, originalBytes);
        Assert.Equal(0, Support.Cli.Run(db.Folder, ["trace", "verify", .. db.CliArguments]).ExitCode);
    }
}
