using Cranio.IO;
using Cranio.IO.Dicom;
using Cranio.Volumes;

namespace Cranio.Tests.IO.Dicom;

/// <summary>Real geometry: a slab of a SkullFix case (oblique direction) written as a DICOM series must read back with the NRRD grid and voxels.</summary>
public class DicomSkullFixTests
{
    [SkippableTheory]
    [InlineData(0, DicomTestSlice.ExplicitLittleEndian)]
    [InlineData(5, DicomTestSlice.ImplicitLittleEndian)]
    public void Read_SeriesWrittenFromASkullFixSlab_HasTheNrrdGridAndVoxels(int id, string transferSyntax)
    {
        Skip.If(SharedData.SkullFixDirectory is null, SharedData.MissingMessage);
        var skull = Assert.IsType<Volume<int>>(VolumeFile.Read(SharedData.Case("defective_skull", id)));
        Grid source = skull.Grid;
        const int first = 100, count = 12;
        Vec3 row = source.Direction.Column(0), column = source.Direction.Column(1);
        Vec3 step = source.SpaceDirections.Column(2);
        using var temp = new TempDirectory();
        var template = new DicomTestSlice
        {
            TransferSyntax = transferSyntax,
            RowDirection = row,
            ColumnDirection = column,
            Rows = source.SizeY,
            Columns = source.SizeX,
            RowSpacing = source.Spacing.Y,
            ColumnSpacing = source.Spacing.X,
            Position = source.IndexToPhysical(0, 0, first),
            Slope = "1000",
            Intercept = "-1000",
        };
        DicomTestFileBuilder.WriteSeries(temp.Path, template, count, step,
            k => skull.Slice(first + k).ToArray().Select(v => (short)v).ToArray());

        var volume = Assert.IsType<Volume<short>>(DicomSeriesReader.Read(temp.Path));

        Grid expected = source with { SizeZ = count, Origin = source.IndexToPhysical(0, 0, first) };
        Assert.Null(volume.Grid.DifferenceFrom(expected));
        for (int k = 0; k < count; k++)
        {
            ReadOnlySpan<int> mask = skull.Slice(first + k);
            Span<short> hu = volume.Slice(k);
            for (int n = 0; n < mask.Length; n++)
                Assert.True(hu[n] == mask[n] * 1000 - 1000, $"voxel {n} of slice {k}: {hu[n]} HU for mask {mask[n]}");
        }
        Assert.True(volume.CountNonZero() < volume.Grid.VoxelCount);
    }
}
