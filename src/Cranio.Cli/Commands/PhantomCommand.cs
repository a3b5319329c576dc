using System.CommandLine;
using System.Globalization;
using Cranio.IO;
using Cranio.Phantoms;
using Cranio.Volumes;

namespace Cranio.Cli.Commands;

/// <summary><c>cranio phantom -o ct.nrrd</c>: writes the procedural head phantom as CT in HU, and optionally its true skull mask.</summary>
public static class PhantomCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "The CT to write (HU, int16).", Required = true };
        var mask = new Option<string?>("--mask") { Description = "Also write the phantom's true skull mask here." };
        var spacing = new Option<double>("--spacing") { Description = "Isotropic voxel spacing in mm (0.2–4).", DefaultValueFactory = _ => 0.8 };
        var tilt = new Option<double>("--tilt") { Description = "Gantry tilt in degrees (oblique grid).", DefaultValueFactory = _ => 0 };
        var defect = new Option<double>("--defect-radius") { Description = "Radius in mm of a spherical defect in the vault (0 = none).", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the noise.", DefaultValueFactory = _ => 1UL };
        var command = new Command("phantom", "Write the procedural head phantom as a CT in HU (a stand-in for a patient's CT in tests and benchmarks).")
        {
            output, mask, spacing, tilt, defect, seed,
        };
        command.SetAction(parse => context.Run(parse, () =>
        {
            string to = parse.GetRequiredValue(output);
            string? maskPath = parse.GetValue(mask);
            CliPaths.EnsureWritableVolume(to);
            if (maskPath is not null) CliPaths.EnsureWritableVolume(maskPath);
            SkullPhantomOptions options;
            try
            {
                options = new SkullPhantomOptions(parse.GetValue(spacing), parse.GetValue(seed), parse.GetValue(tilt), DefectRadius: parse.GetValue(defect)).Validate();
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message.Split(" (Parameter")[0]);
            }
            var (ct, truth) = context.WithProgress("Rendering the phantom", _ => SkullPhantom.Ct(options));
            VolumeFile.Write(ct, to);
            if (maskPath is not null) VolumeFile.Write(truth, maskPath);
            Grid g = ct.Grid;
            context.Say(string.Create(CultureInfo.InvariantCulture, $"Wrote {to}: {g.SizeX}×{g.SizeY}×{g.SizeZ} int16 HU at {options.Spacing} mm{(maskPath is null ? "" : $", and its skull mask {maskPath}")}."));
            return 0;
        }));
        return command;
    }
}
