using System.IO.Compression;
using Cranio.Web;

namespace Cranio.Tests.Web;

/// <summary>The database stores, the upload checks and the parameter types of the web application, without a server.</summary>
public sealed class WebStoreTests
{
    [Fact]
    public void UsersAreUniqueByNameCaseInsensitivelyAndVerifyByPassword()
    {
        using var temp = new TempDirectory();
        var users = new UserStore(new CranioDatabase(temp.File("cranio.db")), PasswordHasher.MinimumIterations);
        UserAccount bob = users.Add("bob", UserRole.Engineer, "bob's password");
        Assert.Equal(new UserAccount(bob.Id, "bob", UserRole.Engineer), users.Verify("BOB", "bob's password"));
        Assert.Null(users.Verify("bob", "wrong password"));
        Assert.Null(users.Verify("nobody", "bob's password"));
        Assert.Contains("already exists", Assert.Throws<ArgumentException>(() => users.Add("Bob", UserRole.Surgeon, "another password")).Message);
        Assert.Contains("got \"a b\"", Assert.Throws<ArgumentException>(() => users.Add("a b", UserRole.Surgeon, "long enough")).Message);
        Assert.Equal(1, users.Count());
    }

    [Fact]
    public void ConcurrentWorkersClaimEachQueuedJobExactlyOnce()
    {
        using var temp = new TempDirectory();
        var database = new CranioDatabase(temp.File("cranio.db"));
        long owner = new UserStore(database, PasswordHasher.MinimumIterations).Add("alice", UserRole.Surgeon, "password1").Id;
        var cases = new CaseStore(database, temp.Path);
        cases.Add(new CaseRecord("c1", owner, "case", "x.nrrd", "input/x.nrrd", CaseInputKind.Ct, "", "2026-01-01T00:00:00.000Z"));
        var jobs = new JobStore(database);
        var queued = Enumerable.Range(0, 40).Select(i => jobs.Enqueue("c1", new DesignParameters(smoothingIterations: i))).ToHashSet();
        var claimed = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 4, _ =>
        {
            while (jobs.ClaimNext() is { } job) claimed.Add(job.Id);
        });
        Assert.Equal(40, claimed.Count);
        Assert.Equal(queued, claimed.ToHashSet());
        Assert.Equal(40, jobs.CountWithStatus(JobStatus.Running));

        var results = new CaseResults("skull.nrrd", "skull.stl", null, null, null, null, null, [12.5], 3.25, 1);
        long first = claimed.Min();
        Assert.True(jobs.Complete(first, results));
        Assert.False(jobs.Complete(first, results));
        Assert.False(jobs.Requeue(first));
        Assert.Equal(results.DefectAreasCm2, jobs.Get(first)!.Results!.DefectAreasCm2);
        Assert.Equal(3.25, jobs.Get(first)!.Results!.ImplantVolumeCm3);
        Assert.Equal(39, jobs.RequeueInterrupted());
        Assert.Equal(39, jobs.CountWithStatus(JobStatus.Queued));
        Assert.Equal(1, jobs.CountWithStatus(JobStatus.Done));
    }

    [Fact]
    public void AnotherOwnersCaseIsNotFound()
    {
        using var temp = new TempDirectory();
        var database = new CranioDatabase(temp.File("cranio.db"));
        var users = new UserStore(database, PasswordHasher.MinimumIterations);
        long alice = users.Add("alice", UserRole.Surgeon, "password1").Id, carol = users.Add("carol", UserRole.Surgeon, "password2").Id;
        var cases = new CaseStore(database, temp.Path);
        cases.Add(new CaseRecord(CaseStore.NewId(), alice, "case", "x.nrrd", "input/x.nrrd", CaseInputKind.Ct, "", "2026-01-01T00:00:00.000Z"));
        string id = Assert.Single(cases.List(alice)).Id;
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.NotNull(cases.Get(id, alice));
        Assert.Null(cases.Get(id, carol));
        Assert.Empty(cases.List(carol));
    }

    [Theory]
    [InlineData("series/IM0001.dcm", true)]
    [InlineData("a..b/file", true)]
    [InlineData("../x", false)]
    [InlineData("a/../../x", false)]
    [InlineData("a\\..\\x", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("\\server\\x", false)]
    [InlineData("C:/x", false)]
    [InlineData("", false)]
    public void ZipEntryNamesMustStayInsideTheFolder(string name, bool safe) => Assert.Equal(safe, CaseUpload.IsSafeEntryName(name));

    [Fact]
    public void AZipThatUnpacksBeyondTheCapIsRefused()
    {
        using var temp = new TempDirectory();
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = archive.CreateEntry("big.dcm", CompressionLevel.SmallestSize).Open())
            entry.Write(new byte[1 << 20]);
        zip.Position = 0;
        var e = Assert.Throws<UploadRejectedException>(() => CaseUpload.Unzip(zip, temp.File("out"), "bomb.zip", 1 << 16));
        Assert.Equal("bomb.zip: zip: unpacks to 1,048,576 bytes; at most 65,536 are accepted.", e.Message);
        Assert.False(File.Exists(temp.File("out/big.dcm")));
    }

    [Theory]
    [InlineData("head.nii.gz", "head.nii.gz")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\scans\\ct 1.nrrd", "ct_1.nrrd")]
    [InlineData("..", "upload")]
    public void UploadedNamesAreReducedToASafeLastSegment(string name, string expected) => Assert.Equal(expected, CaseUpload.SafeFileName(name));

    [Fact]
    public void DesignParametersAreValidatedWithTheValueReceived()
    {
        Assert.Equal("spherical, gap 0 mm, smoothing 10", DesignParameters.Default.ToString());
        Assert.Contains("Method must be one of spherical, learned, mirror, coarse; got \"magic\"", Assert.Throws<ArgumentException>(() => new DesignParameters("magic")).Message);
        Assert.Equal("learned", new DesignParameters("learned").Method);
        Assert.Contains("Clinical gap must be 0–5 mm; got -1", Assert.Throws<ArgumentException>(() => new DesignParameters(clinicalGapMm: -1)).Message);
        Assert.Contains("got NaN", Assert.Throws<ArgumentException>(() => new DesignParameters(clinicalGapMm: double.NaN)).Message);
        Assert.Contains("Smoothing must be 0–100 iterations; got 101", Assert.Throws<ArgumentException>(() => new DesignParameters(smoothingIterations: 101)).Message);
    }

    [Fact]
    public void WebOptionsRefuseImpossibleSettings()
    {
        Assert.Equal(1L << 30, new WebOptions("data").MaxUploadBytes);
        Assert.Contains("got 50000", Assert.Throws<ArgumentException>(() => new WebOptions("data", passwordIterations: 50_000)).Message);
        Assert.Contains("Workers must be 1–64; got 0", Assert.Throws<ArgumentException>(() => new WebOptions("data", workers: 0)).Message);
        Assert.Contains("at least 1024 bytes; got 10", Assert.Throws<ArgumentException>(() => new WebOptions("data", maxUploadBytes: 10)).Message);
    }
}
