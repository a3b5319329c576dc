using System.CommandLine;
using System.Globalization;
using Cranio.Defects;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Cli.Commands;

/// <summary><c>cranio inject COMPLETE DEFECTIVE IMPLANT</c>: one synthetic defect on the vault of a complete skull.</summary>
public static class InjectCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var complete = new Argument<string>("complete") { Description = "The complete skull mask (voxels ≥ 1 are bone)." };
        var defective = new Argument<string>("defective") { Description = "Where to write the defective skull (.nrrd, .nii, .nii.gz)." };
        var implant = new Argument<string>("implant") { Description = "Where to write the implant (the removed bone)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every random choice; the same seed gives the same bytes.", DefaultValueFactory = _ => 0 };
        var defects = new DefectCliOptions();
        var command = new Command("inject", "Inject one synthetic defect into a complete skull: writes the defective skull and the implant on the input grid.") { complete, defective, implant, seed };
        defects.AddTo(command);
        command.SetAction(parse => context.Run(parse, () =>
        {
            string from = parse.GetRequiredValue(complete), toDefective = parse.GetRequiredValue(defective), toImplant = parse.GetRequiredValue(implant);
            foreach (string to in new[] { toDefective, toImplant })
                if (VolumeFile.FormatOfExtension(to) is null)
                    throw new UsageException($"cannot tell the output format from \"{Path.GetFileName(to)}\"; use one of {string.Join(", ", VolumeFile.WritableExtensions)}.");
            CliPaths.EnsureNotAnInput(toDefective, from);
            CliPaths.EnsureNotAnInput(toImplant, from, toDefective);
            DefectOptions options = defects.Read(parse);
            Volume<byte> skull = VolumeFile.Read(from).ToMask();
            DefectResult result = new DefectInjector(options).Inject(skull, SkullGeometry.Analyze(skull), parse.GetValue(seed));
            VolumeFile.Write(result.Defective, toDefective);
            VolumeFile.Write(result.Implant, toImplant);
            DefectRecord r = result.Record;
            context.Say(string.Create(CultureInfo.InvariantCulture,
                $"{r.Kind} defect at ({r.Center.X:0.#}, {r.Center.Y:0.#}, {r.Center.Z:0.#}) mm: implant {r.ImplantVolumeCm3:0.##} cm³, opening {r.OpeningAreaCm2:0.##} cm² (seed {r.Seed}, {r.Attempts} attempt(s))."));
            return 0;
        }));
        return command;
    }
}
