using Cranio.Design;
using Cranio.Phantoms;
using Cranio.Volumes;
using Xunit.Abstractions;

namespace Cranio.Tests.Design;

public sealed class SphericalMapDesignerTests(ITestOutputHelper output)
{
    private static readonly EllipsoidShellPhantom Phantom = new();

    private DesignResult Run(Volume<byte> defective, Volume<byte> truth, double minimumDice)
    {
        var result = new SphericalMapDesigner().Design(defective);
        double dice = Cranio.Evaluation.Overlap.Measure(result.Implant, truth).Dice;
        output.WriteLine($"DSC {dice:F4}, defects {result.Report.Defects.Count}, areas {string.Join(", ", result.Report.Defects.Select(d => d.OpeningAreaCm2.ToString("F2")))} cm², volume {result.Report.ImplantVolumeCm3:F2} vs {truth.CountNonZero() * truth.Grid.VoxelVolume / 1000:F2} cm³");
        Assert.True(dice >= minimumDice, $"DSC {dice:F4} < {minimumDice}");
        Assert.Same(defective.Grid, result.Implant.Grid);
        for (long i = 0; i < defective.Data.LongLength; i++)
            Assert.False(defective.Data[i] != 0 && result.Implant.Data[i] != 0, "the implant overlaps the skull");
        return result;
    }

    [Theory]
    [InlineData(1, 0, 0.3)]
    [InlineData(0, -1, 0.2)]
    [InlineData(0, 1, 0.5)]
    [InlineData(0.2, 0.1, 1)]
    [InlineData(-1, 0.5, 0.1)]
    public void RestoresASphericalCutAnywhereOnTheVault(double dx, double dy, double dz)
    {
        Grid grid = Phantom.MakeGrid(new Vec3(1, 1, 1));
        var (_, defective, truth) = Phantom.Build(grid, (Phantom.OuterPoint(new Vec3(dx, dy, dz)), 25));
        var result = Run(defective, truth, 0.95);
        var defect = Assert.Single(result.Report.Defects);
        // The opening of a 25 mm ball centred on the surface is about a disc of radius 25 mm: 19.6 cm².
        Assert.InRange(defect.OpeningAreaCm2, 17, 22);
        Assert.True(defect.Direction.Dot(new Vec3(dx, dy, dz).Normalized()) > 0.95, $"defect direction {defect.Direction}");
    }

    [Fact]
    public void SeparatesTwoDefectsAndRestoresBoth()
    {
        Grid grid = Phantom.MakeGrid(new Vec3(1, 1, 1));
        var (_, defective, truth) = Phantom.Build(grid,
            (Phantom.OuterPoint(new Vec3(1, 0.3, 0.4)), 28),
            (Phantom.OuterPoint(new Vec3(-0.6, -0.8, 0.5)), 18));
        var result = Run(defective, truth, 0.95);
        Assert.Equal(2, result.Report.Defects.Count);
        Assert.True(result.Report.Defects[0].OpeningAreaCm2 > result.Report.Defects[1].OpeningAreaCm2);
        Assert.InRange(result.Report.Defects[1].OpeningAreaCm2, 8.5, 12.5);
    }

    [Fact]
    public void RestoresAnIrregularDefectOnAnObliqueAnisotropicGrid()
    {
        Grid grid = Phantom.MakeGrid(new Vec3(0.9, 0.9, 1.3), tiltDegrees: 15);
        var (_, defective, truth) = Phantom.Build(grid,
            (Phantom.OuterPoint(new Vec3(0.4, 0.7, 0.6)), 20),
            (Phantom.OuterPoint(new Vec3(0.6, 0.5, 0.6)), 14),
            (Phantom.OuterPoint(new Vec3(0.2, 0.8, 0.3)), 12));
        var result = Run(defective, truth, 0.93);
        Assert.Single(result.Report.Defects);
    }

    [Fact]
    public void RestoresADefectOfTheHeadPhantomAndIgnoresItsForamenMagnum()
    {
        // The phantom's orbits are holes in the forehead without orbital roofs, so from the vault centre they are
        // openings of the vault like a defect (a real skull closes them with the orbital roofs): the injected
        // defect must be the largest one found, and the implant is scored within 45 mm of it.
        var defectDirection = new Vec3(-0.3, 0.8, 0.5).Normalized();
        var complete = SkullPhantom.Mask(new SkullPhantomOptions(Spacing: 1.2));
        var defective = SkullPhantom.Mask(new SkullPhantomOptions(Spacing: 1.2, DefectRadius: 30, DefectDirection: defectDirection));
        var truth = complete.SameGrid<byte>();
        for (long i = 0; i < truth.Data.LongLength; i++) truth.Data[i] = (byte)(complete.Data[i] & (1 - defective.Data[i]));
        var result = new SphericalMapDesigner().Design(defective);
        DetectedDefect largest = result.Report.Defects[0];
        Assert.True(largest.Direction.Dot(defectDirection) > 0.95, $"largest defect towards {largest.Direction}");
        Assert.InRange(largest.OpeningAreaCm2, 24, 32);
        Assert.DoesNotContain(result.Report.Defects, d => d.Direction.Z < -0.5);
        Vec3 centre = largest.Centre;
        var near = result.Implant.SameGrid<byte>();
        var nearTruth = truth.SameGrid<byte>();
        Grid grid = truth.Grid;
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                {
                    if ((grid.IndexToPhysical(x, y, z) - centre).Length > 45) continue;
                    long o = grid.Offset(x, y, z);
                    near.Data[o] = result.Implant.Data[o];
                    nearTruth.Data[o] = truth.Data[o];
                }
        double dice = Cranio.Evaluation.Overlap.Measure(near, nearTruth).Dice;
        output.WriteLine($"DSC near the defect {dice:F4}; defects {result.Report.Defects.Count}");
        Assert.True(dice >= 0.9, $"DSC {dice:F4}");
    }

    [Fact]
    public void RestoresALateralLumpFromTheSkullsMirrorImage()
    {
        // Two mirror-image lumps on the outside of the vault (a stand-in for the temporal lines and the bend into
        // the skull base); the defect takes the right one. From the border alone the fill cannot know the lump;
        // guided by the mirror image it can.
        Grid grid = Phantom.MakeGrid(new Vec3(1, 1, 1));
        Vec3 side = new Vec3(1, 0.1, 0.25).Normalized();
        Vec3 lumpRight = Phantom.OuterPoint(side) - side * 4;
        Vec3 lumpLeft = new(2 * Phantom.Centre.X - lumpRight.X, lumpRight.Y, lumpRight.Z);
        var (complete, _, _) = Phantom.Build(grid);
        var defective = complete.SameGrid<byte>();
        var truth = complete.SameGrid<byte>();
        for (int z = 0; z < grid.SizeZ; z++)
            for (int y = 0; y < grid.SizeY; y++)
                for (int x = 0; x < grid.SizeX; x++)
                {
                    Vec3 p = grid.IndexToPhysical(x, y, z);
                    long o = grid.Offset(x, y, z);
                    bool lump = ((p - lumpRight).Length <= 14 || (p - lumpLeft).Length <= 14) && !InsideCavity(p);
                    bool bone = complete.Data[o] != 0 || lump;
                    if (!bone) continue;
                    if ((p - lumpRight).Length <= 30) truth.Data[o] = 1; else defective.Data[o] = 1;
                }
        double Score(bool symmetry)
        {
            var result = new SphericalMapDesigner(new SphericalMapOptions(symmetryGuidance: symmetry)).Design(defective);
            return Cranio.Evaluation.Overlap.Measure(result.Implant, truth).Dice;
        }
        double guided = Score(true), plain = Score(false);
        static bool InsideCavity(Vec3 p)
        {
            Vec3 q = p - Phantom.Centre;
            double t = Phantom.Thickness;
            return q.X * q.X / ((Phantom.A - t) * (Phantom.A - t)) + q.Y * q.Y / ((Phantom.B - t) * (Phantom.B - t)) + q.Z * q.Z / ((Phantom.C - t) * (Phantom.C - t)) <= 1;
        }
        output.WriteLine($"DSC guided {guided:F4}, plain {plain:F4}");
        Assert.True(guided >= 0.92, $"guided DSC {guided:F4}");
        Assert.True(guided >= plain + 0.015, $"guided DSC {guided:F4} vs plain {plain:F4}");
    }

    [Fact]
    public void MirrorThicknessFloorThickensALateralFillToTheHealthySideAndLeavesAMidlineDefect()
    {
        // A 4 mm shell whose inner table bulges inwards to 5.8 mm at two mirror-image places on the sides (a stand-in
        // for the thicker bone that the fill cannot see from a defect's border); the defect takes the right one.
        var shell = new EllipsoidShellPhantom(Thickness: 4);
        Vec3 right = new Vec3(1, 0.1, 0.3).Normalized(), left = new Vec3(-right.X, right.Y, right.Z);
        bool IsBone(Vec3 p)
        {
            Vec3 q = p - shell.Centre;
            if (q.Z < -shell.Floor || q.Length == 0) return false;
            Vec3 d = q.Normalized();
            double angle = Math.Min(Math.Acos(Math.Clamp(d.Dot(right), -1, 1)), Math.Acos(Math.Clamp(d.Dot(left), -1, 1)));
            double t = shell.Thickness + 1.8 * Math.Exp(-angle * angle / (2 * 0.15 * 0.15));
            static double Sq(double v) => v * v;
            double outer = Sq(q.X / shell.A) + Sq(q.Y / shell.B) + Sq(q.Z / shell.C);
            double inner = Sq(q.X / (shell.A - t)) + Sq(q.Y / (shell.B - t)) + Sq(q.Z / (shell.C - t));
            return outer <= 1 && inner > 1;
        }
        Grid grid = shell.MakeGrid(new Vec3(1, 1, 1));
        var (_, lateral, truth) = BallCutPhantom.Build(grid, IsBone, [(shell.OuterPoint(right) - right * 2, 30)]);
        Volume<byte> Design(Volume<byte> defective, bool floor) =>
            new SphericalMapDesigner(new SphericalMapOptions(mirrorThicknessFloor: floor, mirrorSupplement: false)).Design(defective).Implant;
        var thin = Design(lateral, floor: false);
        var thick = Design(lateral, floor: true);
        for (long i = 0; i < thin.Data.LongLength; i++)
            Assert.False(thin.Data[i] != 0 && thick.Data[i] == 0, "the floor only lowers the inner surface, so it never removes a voxel");
        long truthCount = truth.CountNonZero(), thinCount = thin.CountNonZero(), thickCount = thick.CountNonZero();
        double thinDice = Cranio.Evaluation.Overlap.Measure(thin, truth).Dice, thickDice = Cranio.Evaluation.Overlap.Measure(thick, truth).Dice;
        output.WriteLine($"lateral: voxels {thinCount} → {thickCount} (truth {truthCount}), DSC {thinDice:F4} → {thickDice:F4}");
        Assert.True(thickCount > thinCount && Math.Abs(thickCount - truthCount) < Math.Abs(thinCount - truthCount), "the floor brings the volume closer to the truth");
        Assert.True(thickDice >= thinDice + 0.005, $"DSC {thickDice:F4} with the floor vs {thinDice:F4} without");

        var (_, midline, _) = BallCutPhantom.Build(grid, IsBone, [(shell.OuterPoint(new Vec3(0, 0.2, 1)), 30)]);
        Assert.Equal(Design(midline, floor: false).Data, Design(midline, floor: true).Data);
    }

    [Fact]
    public void WarnsAboutADefectThatReachesBelowTheVaultCentresPlaneAndNotAboutOneAbove()
    {
        Grid grid = Phantom.MakeGrid(new Vec3(2, 2, 2), tiltDegrees: 10);
        foreach (var (direction, low) in new[] { (new Vec3(0.3, 0.2, 1), false), (new Vec3(1, 0.1, 0), true) })
        {
            var (_, defective, _) = Phantom.Build(grid, (Phantom.OuterPoint(direction.Normalized()), 18));
            var report = new SphericalMapDesigner().Design(defective).Report;
            output.WriteLine($"{direction}: {string.Join("; ", report.Warnings)}");
            Assert.Equal(low, Assert.Single(report.Defects).ReachesBelowVaultCentre);
            Assert.Equal(low, Assert.Single(new MirrorDesigner().Design(defective).Report.Defects).ReachesBelowVaultCentre);
            var warnings = report.Warnings.Where(w => w.Contains("reaches below the vault centre's plane", StringComparison.Ordinal)).ToList();
            if (low) Assert.StartsWith("Defect 0 reaches below", Assert.Single(warnings));
            else Assert.Empty(warnings);
        }
    }

    [Fact]
    public void FindsNoDefectInACompleteSkullOrBelowTheAreaThreshold()
    {
        Grid grid = Phantom.MakeGrid(new Vec3(1.5, 1.5, 1.5));
        // A 7 mm ball centred in the middle of the 7 mm shell: a hole of about 6 mm radius through it (≈ 1.1 cm²).
        Vec3 d = new Vec3(0, 0.3, 1).Normalized();
        var (complete, withHole, _) = Phantom.Build(grid, (Phantom.OuterPoint(d) - d * 3.5, 7));
        foreach (var skull in new[] { complete, withHole })
        {
            var result = new SphericalMapDesigner().Design(skull);
            Assert.Empty(result.Report.Defects);
            Assert.Equal(0, result.Implant.CountNonZero());
            Assert.Contains(result.Report.Warnings, w => w.Contains("No defect"));
        }
        // The same hole is a defect when the threshold is lowered.
        var sensitive = new SphericalMapDesigner(new SphericalMapOptions(minimumDefectAreaCm2: 0.5)).Design(withHole);
        Assert.Single(sensitive.Report.Defects);
    }

    [Fact]
    public void RejectsMasksThatAreEmptyOrNotBinary()
    {
        var grid = Grid.AxisAligned(8, 8, 8, new Vec3(1, 1, 1), Vec3.Zero);
        var designer = new SphericalMapDesigner();
        var empty = Assert.Throws<ArgumentException>(() => designer.Design(new Volume<byte>(grid)));
        Assert.Contains("empty", empty.Message);
        var labels = new Volume<byte>(grid);
        labels[1, 2, 3] = 2;
        var notBinary = Assert.Throws<ArgumentException>(() => designer.Design(labels));
        Assert.Contains("found the value 2", notBinary.Message);
    }

    [Fact]
    public void OptionsRejectValuesOutOfRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SphericalMapOptions(borderToleranceMm: -1));
        Assert.Equal("borderToleranceMm", error.ParamName);
        Assert.Contains("got -1", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SphericalMapOptions(subdivision: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SphericalMapOptions(minimumDefectAreaCm2: double.NaN));
        Assert.Equal("shapeGuideRampMm", Assert.Throws<ArgumentOutOfRangeException>(() => new SphericalMapOptions(shapeGuideRampMm: -1)).ParamName);
        Assert.Equal(20, new SphericalMapOptions().ShapeGuideRampMm);
        Assert.Equal(7, new SphericalMapOptions(shapeGuideRampMm: 7).WithShapeModel(null).ShapeGuideRampMm);
    }
}
