using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Qingling.Core.Measures;
using Qingling.Core.Photos;
using Qingling.Data.Audit;
using Qingling.Data.Photos;
using Qingling.Tests.Support;
using Qingling.Tests.Web;
using SkiaSharp;

namespace Qingling.Tests.Photos;

/// <summary>
/// Evidence photos (issue #11): sized down and stripped of EXIF, stored by hash outside the database with 0600, refused
/// with a Chinese message and nothing written, seen only within the household's scope, deleted by their uploader or
/// an administrator, traced and covered by the trace's row digests; through the forms and the API of the demo town.
/// </summary>
public class EvidencePhotoTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Providers => TestDatabase.Providers;
    const string Village = "勐永社区", Department = "镇农业农村服务中心";

    /// <summary>A measure of the 镇农业农村服务中心; in 勐永社区 when asked (so mengyong and nongye both cover it).</summary>
    async Task<Measure> NongyeMeasure(string provider, int skip = 0, bool inMengyong = false)
    {
        var db = await web.Database(provider);
        using var c = db.Store.CreateContext();
        var village = c.Regions.AsNoTracking().Single(r => r.Name == Village).Id;
        return c.Measures.AsNoTracking().Where(m => m.Department == Department && (!inMengyong || m.VillageId == village)).OrderBy(m => m.Id).Skip(skip).First();
    }

    async Task<(int Rows, int Files)> Stored(string provider)
    {
        var db = await web.Database(provider);
        using var c = db.Store.CreateContext();
        var folder = db.Store.EvidenceFolder;
        return (c.EvidencePhotos.Count(), Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length : 0);
    }

    async Task<IReadOnlyList<EvidencePhoto>> Attach(string provider, long measureId, string uploader, params (string Name, byte[] Bytes)[] files)
    {
        var db = await web.Database(provider);
        var prepared = EvidenceHandler.Prepare(files.Select(f => new UploadedFile(f.Name, f.Bytes)).ToList());
        return new EvidenceHandler(db.Store, $"{uploader}（测试）", uploader).Attach(EvidenceOwners.Measure, measureId, prepared);
    }

    static MultipartFormDataContent Form(IEnumerable<(string Name, string Value)> fields, IEnumerable<(string Name, byte[] Bytes)> files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg"); // what a phone claims; the content decides
            form.Add(part, "photos", name);
        }
        return form;
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_upload_is_sized_down_stripped_of_EXIF_and_stored_by_its_hash_outside_the_database(string provider)
    {
        var db = await web.Database(provider);
        var measure = await NongyeMeasure(provider, inMengyong: true);
        var raw = TestImages.JpegWithExif(3000, 2000);
        Assert.Contains(TestImages.CameraMake, Encoding.ASCII.GetString(raw)); // the upload does carry EXIF and GPS

        var row = (await Attach(provider, measure.Id, "nongye", ("IMG_0001.jpg", raw))).Single();
        Assert.Equal((1600, 1067), (row.Width, row.Height));
        var files = new EvidenceFiles(db.Store.EvidenceFolder);
        var path = files.PathOf(row.Sha256);
        var stored = File.ReadAllBytes(path);
        Assert.Equal(row.Sha256, Convert.ToHexStringLower(SHA256.HashData(stored)));
        Assert.Equal(row.Size, stored.Length);
        Assert.Equal((1600, 1067), TestImages.Size(stored));
        var text = Encoding.ASCII.GetString(stored);
        Assert.DoesNotContain("Exif", text);
        Assert.DoesNotContain(TestImages.CameraMake, text);
        Assert.True(stored.Length < raw.Length);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var thumb = File.ReadAllBytes(files.PathOf(row.ThumbSha256));
        Assert.Equal((320, 213), TestImages.Size(thumb));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.PathOf(row.ThumbSha256)));
        if (provider == TestDatabase.Sqlite) Assert.Equal(Path.Combine(db.Folder, "test.db") + ".evidence", db.Store.EvidenceFolder);
        else Assert.StartsWith(Path.Combine(db.Folder, "evidence"), db.Store.EvidenceFolder);

        // The database holds the row only; the trace names the photo with its full hash, so the chain covers the bytes.
        using (var c = db.Store.CreateContext())
        {
            var line = c.AuditEntries.AsNoTracking().Single(a => a.Entity == EvidenceHandler.Entity && a.EntityId == row.Id);
            Assert.Equal("新增", line.Action);
            Assert.Equal(measure.HouseholdId, line.HouseholdId);
            Assert.Contains($"措施#{measure.Id}", line.Summary);
            Assert.Contains("IMG_0001.jpg", line.Summary);
            Assert.Contains(row.Sha256, line.After);
            Assert.NotNull(line.Hash);
        }

        // A phone photo taken upright (EXIF orientation 6) stays upright; a transparent PNG and a WebP are stored as JPEG.
        var turned = (await Attach(provider, measure.Id, "nongye", ("portrait.jpg", TestImages.JpegWithExif(400, 200, orientation: 6)))).Single();
        Assert.Equal((200, 400), (turned.Width, turned.Height));
        var others = await Attach(provider, measure.Id, "nongye", ("scan.png", TestImages.Encode(500, 300, SKEncodedImageFormat.Png, transparent: true)),
            ("shot.webp", TestImages.Encode(2400, 3200, SKEncodedImageFormat.Webp)));
        Assert.Equal((500, 300), (others[0].Width, others[0].Height));
        Assert.Equal((1200, 1600), (others[1].Width, others[1].Height));
        Assert.All(others, p => Assert.Equal("image/jpeg", p.ContentType));
        using var codec = SKCodec.Create(new MemoryStream(File.ReadAllBytes(files.PathOf(others[0].Sha256))));
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
    }

    public static TheoryData<string, string> Refusals()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var kind in new[] { "text", "fake-jpeg", "oversize", "bomb", "heic", "empty", "too-many" })
                data.Add((string)provider.Data, kind);
        return data;
    }

    [Theory, MemberData(nameof(Refusals))]
    public async Task A_file_that_is_not_a_storable_photo_is_refused_in_Chinese_by_name_and_nothing_is_written(string provider, string kind)
    {
        var good = ("good.jpg", TestImages.Jpeg(800, 600));
        (string Name, byte[] Bytes)[] files = kind switch
        {
            "text" => [good, ("notes.jpg", Encoding.UTF8.GetBytes("这不是照片，只是一段文字。"))],
            "fake-jpeg" => [good, ("fake.jpg", [0xFF, 0xD8, 0xFF, .. RandomNumberGenerator.GetBytes(4000)])],
            "oversize" => [good, ("big.jpg", [.. TestImages.Jpeg(100, 100), .. new byte[EvidenceRules.MaxFileBytes]])],
            "bomb" => [good, ("bomb.png", TestImages.PngDeclaring(20_000, 20_000))],
            "heic" => [good, ("IMG_0002.HEIC", TestImages.Heic())],
            "empty" => [good, ("empty.jpg", [])],
            _ => [.. Enumerable.Range(1, EvidenceRules.MaxFiles + 1).Select(i => ($"p{i}.jpg", TestImages.Jpeg(64, 48)))],
        };
        var expected = kind switch
        {
            "text" => "“notes.jpg”不是照片",
            "fake-jpeg" => "“fake.jpg”无法读取",
            "oversize" => "“big.jpg”太大",
            "bomb" => "“bomb.png”像素过多（20000×20000）",
            "heic" => "“IMG_0002.HEIC”是 HEIC/HEIF 格式",
            "empty" => "“empty.jpg”是空文件",
            _ => $"一次最多上传{EvidenceRules.MaxFiles}张照片，本次选了{EvidenceRules.MaxFiles + 1}张",
        };
        var measure = await NongyeMeasure(provider, skip: 1);
        var before = await Stored(provider);

        var e = await Assert.ThrowsAsync<PhotoRejectedException>(() => Attach(provider, measure.Id, "nongye", files));
        Assert.Contains(expected, Assert.Single(e.Problems));
        Assert.Equal(before, await Stored(provider));

        // The same through the API: 400 with the message, no row, no file.
        var client = await WebFixture.WithApiToken(await web.Client(provider, "nongye"));
        var response = await client.PostAsync($"/api/measures/{measure.Id}/evidence", Form([], files));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await Stored(provider));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_status_form_takes_photos_from_the_camera_and_the_list_and_household_show_thumbnails(string provider)
    {
        var nongye = await web.Client(provider, "nongye");
        var list = await nongye.GetStringAsync("/Measures");
        var form = Regex.Match(list, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"([^\"]+)\"[^>]*id=\"status-(\\d+)\">\\s*<input type=\"hidden\" name=\"measureId\" value=\"\\2\" />\\s*<input type=\"hidden\" name=\"version\" value=\"(\\d+)\" />");
        Assert.True(form.Success, "no status form with multipart/form-data on the measure list");
        var id = long.Parse(form.Groups[2].Value);
        Assert.Matches($"<input type=\"file\" name=\"photos\" id=\"status-{id}-photos\" accept=\"image/\\*\" capture=\"environment\" multiple", list);
        var select = Regex.Match(list, $"id=\"status-{id}-status\"[^>]*>(.*?)</select>", RegexOptions.Singleline).Groups[1].Value;
        var offered = Regex.Matches(select, "<option value=\"([\\w-]+)\"").Select(m => m.Groups[1].Value).ToList();
        var status = new[] { "under-way", "done", "cancelled" }.First(offered.Contains);
        var date = Regex.Match(list, $"id=\"status-{id}-date\" value=\"([^\"]+)\"").Groups[1].Value;
        var token = Regex.Match(list, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var action = WebUtility.HtmlDecode(form.Groups[1].Value);
        var db = await web.Database(provider);
        MeasureStatus Status() { using var c = db.Store.CreateContext(); return c.Measures.AsNoTracking().Single(m => m.Id == id).Status; }
        var statusBefore = Status();
        var before = await Stored(provider);
        (string, string)[] Fields(string version) => [("__RequestVerificationToken", token), ("measureId", id.ToString()), ("version", version), ("status", status), ("date", date), ("evidence", "")];

        // Refused: one good photo and one text file; the status does not move, nothing is stored.
        var refused = await nongye.PostAsync(action, Form(Fields(form.Groups[3].Value), [("ok.jpg", TestImages.Jpeg(900, 700)), ("清单.jpg", Encoding.UTF8.GetBytes("不是照片"))]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"措施#{id}：“清单.jpg”不是照片", await refused.Content.ReadAsStringAsync());
        Assert.Equal(statusBefore, Status());
        Assert.Equal(before, await Stored(provider));

        // Saved: the photos are the 佐证 the status change asks for.
        var saved = await nongye.PostAsync(action, Form(Fields(form.Groups[3].Value), [("IMG_1.jpg", TestImages.JpegWithExif(4000, 3000)), ("IMG_2.png", TestImages.Encode(600, 800, SKEncodedImageFormat.Png))]));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.NotEqual(statusBefore, Status());
        using (var c = db.Store.CreateContext())
        {
            var photos = c.EvidencePhotos.AsNoTracking().Where(p => p.MeasureId == id).OrderBy(p => p.Id).ToList();
            Assert.Equal(["IMG_1.jpg", "IMG_2.png"], photos.TakeLast(2).Select(p => p.OriginalName));
            Assert.Equal((1600, 1200), (photos[^2].Width, photos[^2].Height));
            Assert.Contains("佐证照片2张", c.Measures.AsNoTracking().Single(m => m.Id == id).Evidence);
            var page = await nongye.GetStringAsync(saved.Headers.Location!.OriginalString);
            Assert.Contains("上传佐证照片2张", page);
            foreach (var p in photos.TakeLast(2)) Assert.Contains($"<img src=\"/Evidence/{p.Id}/thumb\"", page);
            var code = c.Households.AsNoTracking().Single(h => h.Id == photos[0].HouseholdId).Code;
            var household = await (await web.Client(provider, "leader")).GetStringAsync($"/Households/{code}");
            Assert.Contains("<h2 class=\"h6\">佐证照片</h2>", household);
            foreach (var p in photos.TakeLast(2)) Assert.Contains($"<a href=\"/Evidence/{p.Id}\"", household);
            Assert.Contains("上传佐证照片", household); // the household's trace lists the uploads
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Only_users_whose_scope_covers_the_household_see_a_photo_and_others_get_the_same_404_as_for_none(string provider)
    {
        var measure = await NongyeMeasure(provider, inMengyong: true);
        var photo = (await Attach(provider, measure.Id, "nongye", ("field.jpg", TestImages.Jpeg(1200, 900)))).Single();

        // A visit photo, through the visit form of a round the village cadre starts.
        var mengyong = await web.Client(provider, "mengyong");
        var screening = await mengyong.GetStringAsync("/Screening");
        var token = Regex.Match(screening, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        string Default(string html, string id) => Regex.Match(html, $"id=\"{id}\" name=\"{id}\" value=\"([^\"]+)\"").Groups[1].Value;
        var round = await mengyong.PostAsync("/Screening?handler=Round", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["village"] = Village, ["from"] = Default(screening, "from"), ["to"] = Default(screening, "to"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, round.StatusCode);
        var roundPage = await mengyong.GetStringAsync(round.Headers.Location!.OriginalString);
        Assert.Contains("enctype=\"multipart/form-data\" class=\"row g-2 small border rounded p-2 mb-3\" id=\"add-visit\"", roundPage);
        var roundId = Regex.Match(round.Headers.Location!.OriginalString, "Round=(\\d+)").Groups[1].Value;
        var on = Regex.Match(roundPage, "id=\"on\" name=\"on\" value=\"([^\"]+)\"").Groups[1].Value;
        var db = await web.Database(provider);
        string code;
        using (var c = db.Store.CreateContext()) code = c.Households.AsNoTracking().Single(h => h.Id == measure.HouseholdId).Code;
        var visit = await mengyong.PostAsync($"/Screening?handler=Visit&Round={roundId}", Form(
            [("__RequestVerificationToken", token), ("household", code), ("on", on), ("visitors", "李四"), ("changes", "无变化")],
            [("house.jpg", TestImages.Jpeg(2000, 1000))]));
        Assert.Equal(HttpStatusCode.Redirect, visit.StatusCode);
        EvidencePhoto visitPhoto;
        using (var c = db.Store.CreateContext()) visitPhoto = c.EvidencePhotos.AsNoTracking().Where(p => p.VisitId != null && p.HouseholdId == measure.HouseholdId).OrderBy(p => p.Id).Last();
        Assert.Equal((1600, 800), (visitPhoto.Width, visitPhoto.Height));
        Assert.Contains($"/Evidence/{visitPhoto.Id}/thumb", await mengyong.GetStringAsync(round.Headers.Location!.OriginalString));

        long missing;
        using (var c = db.Store.CreateContext()) missing = c.EvidencePhotos.Max(p => p.Id) + 1000;
        // Village users their villages; departments their own measures' photos; leaders and auditors read.
        foreach (var (user, seesMeasurePhoto, seesVisitPhoto) in new[]
        {
            ("admin", true, true), ("leader", true, true), ("audit", true, true), ("mengyong", true, true),
            ("manglai", false, false), ("nongye", true, false), ("shebao", false, false),
        })
        {
            var client = await web.Client(provider, user);
            var notFound = await client.GetAsync($"/Evidence/{missing}");
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
            foreach (var (p, sees) in new[] { (photo, seesMeasurePhoto), (visitPhoto, seesVisitPhoto) })
            {
                foreach (var url in new[] { $"/Evidence/{p.Id}", $"/Evidence/{p.Id}/thumb" })
                {
                    var response = await client.GetAsync(url);
                    if (sees)
                    {
                        Assert.True(HttpStatusCode.OK == response.StatusCode, $"{user} {url} {response.StatusCode}");
                        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
                        var (w, h) = TestImages.Size(await response.Content.ReadAsByteArrayAsync());
                        Assert.Equal(url.EndsWith("thumb") ? EvidenceRules.ThumbSide : Math.Max(p.Width, p.Height), Math.Max(w, h));
                    }
                    else
                    {
                        Assert.True(HttpStatusCode.NotFound == response.StatusCode, $"{user} {url} {response.StatusCode}");
                        Assert.Equal(await notFound.Content.ReadAsStringAsync(), await response.Content.ReadAsStringAsync());
                    }
                }
            }
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await web.Client(provider, "admin")).GetAsync($"/Evidence/{photo.Id}/original")).StatusCode);
        Assert.Contains("/Account/Login", (await (await web.Client(provider)).GetAsync($"/Evidence/{photo.Id}")).Headers.Location?.OriginalString); // signed out: to the sign-in page

        // The API lists a measure's photos within the same rule.
        var listed = await (await web.Client(provider, "nongye")).GetFromJsonAsync<List<Qingling.Web.Api.EvidenceEndpoints.PhotoDto>>($"/api/measures/{measure.Id}/evidence");
        Assert.Contains(listed!, p => p.Id == photo.Id && p.Sha256 == photo.Sha256);
        Assert.Equal(HttpStatusCode.NotFound, (await (await web.Client(provider, "manglai")).GetAsync($"/api/measures/{measure.Id}/evidence")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_photo_is_deleted_only_by_its_uploader_or_an_administrator_traced_and_its_file_goes_with_the_last_row(string provider)
    {
        var measure = await NongyeMeasure(provider, inMengyong: true); // mengyong sees it, so its refusal is 无权限, not 404
        var bytes = TestImages.Jpeg(1000, 750);
        var first = (await Attach(provider, measure.Id, "nongye", ("same.jpg", bytes))).Single();
        var second = (await Attach(provider, measure.Id, "nongye", ("same-again.jpg", bytes))).Single();
        Assert.Equal(first.Sha256, second.Sha256); // stored once
        var db = await web.Database(provider);
        var files = new EvidenceFiles(db.Store.EvidenceFolder);
        string code;
        using (var c = db.Store.CreateContext()) code = c.Households.AsNoTracking().Single(h => h.Id == measure.HouseholdId).Code;
        bool Exists(long id) { using var c = db.Store.CreateContext(); return c.EvidencePhotos.Any(p => p.Id == id); }

        async Task<HttpResponseMessage> Delete(string user, long id)
        {
            var client = await web.Client(provider, user);
            var token = await WebFixture.Token(client, "/Search");
            return await client.PostAsync($"/Evidence/{id}?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["back"] = $"/Households/{code}",
            }));
        }

        Denied(await Delete("audit", first.Id));
        Denied(await Delete("leader", first.Id));
        Denied(await Delete("mengyong", first.Id)); // sees it, did not upload it
        Assert.Equal(HttpStatusCode.NotFound, (await Delete("manglai", first.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Delete("shebao", first.Id)).StatusCode);
        Assert.True(Exists(first.Id));
        // A page's refusal goes to the sign-in's 无权限 page, as for every other page.
        static void Denied(HttpResponseMessage r) => Assert.Contains("/Account/Denied", r.Headers.Location?.OriginalString ?? r.StatusCode.ToString());

        // The household page offers the delete button to the uploader, not to the auditor.
        Assert.Contains($"aria-label=\"删除佐证照片#{first.Id}\"", await (await web.Client(provider, "nongye")).GetStringAsync($"/Households/{code}"));
        Assert.DoesNotContain($"aria-label=\"删除佐证照片#{first.Id}\"", await (await web.Client(provider, "audit")).GetStringAsync($"/Households/{code}"));

        var byUploader = await Delete("nongye", first.Id);
        Assert.Equal(HttpStatusCode.Redirect, byUploader.StatusCode);
        Assert.Equal($"/Households/{code}", byUploader.Headers.Location!.OriginalString);
        Assert.False(Exists(first.Id));
        Assert.True(files.Exists(second.Sha256)); // the other row still refers to it

        Assert.Equal(HttpStatusCode.Redirect, (await Delete("admin", second.Id)).StatusCode);
        Assert.False(files.Exists(second.Sha256));
        Assert.False(files.Exists(second.ThumbSha256));
        using var c2 = db.Store.CreateContext();
        var lines = c2.AuditEntries.AsNoTracking().Where(a => a.Entity == EvidenceHandler.Entity && a.Action == "删除" && (a.EntityId == first.Id || a.EntityId == second.Id)).OrderBy(a => a.Id).ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("nongye", lines[0].Actor);
        Assert.StartsWith("admin", lines[1].Actor);
        Assert.Contains(first.Sha256, lines[0].Before);
        // An outside link is not followed after deleting.
        var third = (await Attach(provider, measure.Id, "nongye", ("x.jpg", TestImages.Jpeg(300, 200)))).Single();
        var client2 = await web.Client(provider, "nongye");
        var t = await WebFixture.Token(client2, "/Search");
        var outside = await client2.PostAsync($"/Evidence/{third.Id}?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = t, ["back"] = "https://example.org/" }));
        Assert.Equal("/", outside.Headers.Location!.OriginalString);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Photo_rows_carry_digests_that_trace_verify_checks(string provider)
    {
        var measure = await NongyeMeasure(provider, skip: 4);
        var photo = (await Attach(provider, measure.Id, "nongye", ("digest.jpg", TestImages.Jpeg(640, 480)))).Single();
        var db = await web.Database(provider);
        using var c = db.Store.CreateContext();
        Assert.NotNull(c.EvidencePhotos.AsNoTracking().Single(p => p.Id == photo.Id).Digest);
        var report = TraceVerifier.Verify(c, t => t.ToString("O"));
        Assert.True(report.Ok, string.Join("\n", report.Lines(t => t.ToString("O"))));
        Assert.Contains(report.RowsByTable, t => t.Table == "evidence_photos" && t.Rows > 0);

        // Pointing a row at another file outside the application is found, and named.
        Tamper.Visibly(c, db, typeof(EvidencePhoto), r => ((EvidencePhoto)r).Id == photo.Id, "uploaded_by", n =>
            c.Database.ExecuteSqlRaw("UPDATE evidence_photos SET uploaded_by = {1} WHERE id = {0}", photo.Id, Tamper.Attempt("someone", n)));
        try
        {
            var tampered = TraceVerifier.Verify(c, t => t.ToString("O"));
            Assert.False(tampered.Ok);
            Assert.Contains(tampered.RowProblems, p => p.Contains("佐证照片") && p.Contains($"id={photo.Id}") && p.Contains("uploaded_by"));
        }
        finally
        {
            c.Database.ExecuteSqlRaw("UPDATE evidence_photos SET uploaded_by = 'nongye' WHERE id = {0}", photo.Id);
        }
    }
}

/// <summary>`qingling backup` copies the photo folder beside the backup, and `restore` puts it back beside the restored file.</summary>
public class EvidenceBackupTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task Backup_and_restore_carry_the_photos_beside_the_database()
    {
        var db = await web.Database(TestDatabase.Sqlite);
        long measureId;
        using (var c = db.Store.CreateContext()) measureId = c.Measures.AsNoTracking().OrderBy(m => m.Id).First().Id;
        var prepared = EvidenceHandler.Prepare([new UploadedFile("backup.jpg", TestImages.Jpeg(1024, 768))]);
        var photo = new EvidenceHandler(db.Store, "admin（测试）", "admin").Attach(EvidenceOwners.Measure, measureId, prepared).Single();

        var backup = Path.Combine(db.Folder, "backup", "b.db");
        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
        var made = Support.Cli.Run(db.Folder, ["backup", "--out", backup, .. db.CliArguments]);
        Assert.True(made.ExitCode == 0, made.Output + made.Error);
        Assert.Contains("佐证照片：2 个文件", made.Output);
        var copied = new EvidenceFiles(backup + ".evidence");
        Assert.True(copied.Exists(photo.Sha256) && copied.Exists(photo.ThumbSha256));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copied.PathOf(photo.Sha256)));

        var restored = Path.Combine(db.Folder, "restored", "r.db");
        Directory.CreateDirectory(Path.GetDirectoryName(restored)!);
        var back = Support.Cli.Run(db.Folder, "restore", "--from", backup, "--db", restored, "--key-file", db.KeyFile);
        Assert.True(back.ExitCode == 0, back.Output + back.Error);
        var there = new EvidenceFiles(restored + ".evidence");
        Assert.Equal(File.ReadAllBytes(new EvidenceFiles(db.Store.EvidenceFolder).PathOf(photo.Sha256)), there.Read(photo.Sha256));
    }
}
