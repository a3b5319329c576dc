using System.CommandLine;
using System.Globalization;
using Cranio.Defects;
using Cranio.IO;
using Cranio.Volumes;

namespace Cranio.Cli.Commands;

/// <summary>
/// <c>cranio inject SKULL -o OUTDIR [--shape …] [--seed N]</c>: one synthetic defect on the vault of a complete skull;
/// writes <c>OUTDIR/defective.nrrd</c>, <c>OUTDIR/implant.nrrd</c> (both on the input grid) and <c>OUTDIR/defect.json</c>
/// (<see cref="DefectRecordFile"/>).
/// </summary>
public static class InjectCommand
{
    /// <summary>File names written into the output folder.</summary>
    public const string DefectiveFile = "defective.nrrd", ImplantFile = "implant.nrrd", RecordFile = "defect.json";

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var skull = new Argument<string>("skull") { Description = "The complete skull mask (voxels ≥ 1 are bone): NRRD or NIfTI." };
        var output = new Option<string>("--output", "-o") { Description = $"Output folder (created if missing): {DefectiveFile}, {ImplantFile}, {RecordFile}.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every random choice; the same seed gives the same bytes.", DefaultValueFactory = _ => 0 };
        var defects = new DefectCliOptions("--shape");
        var command = new Command("inject", "Inject one synthetic defect into a complete skull: writes the defective skull, the implant (on the input grid) and the defect's metadata.") { skull, output, seed };
        defects.AddTo(command);
        command.SetAction(parse => context.Run(parse, () =>
        {
            string from = parse.GetRequiredValue(skull), folder = parse.GetRequiredValue(output);
            string toDefective = Path.Combine(folder, DefectiveFile), toImplant = Path.Combine(folder, ImplantFile), toRecord = Path.Combine(folder, RecordFile);
            foreach (string to in new[] { toDefective, toImplant, toRecord })
                CliPaths.EnsureNotAnInput(to, from);
            DefectOptions options = defects.Read(parse);
            Volume<byte> mask = context.WithProgress("Reading the skull", _ => VolumeFile.Read(from).ToMask());
            DefectResult result = context.WithProgress("Injecting the defect", _ => new DefectInjector(options).Inject(mask, SkullGeometry.Analyze(mask), parse.GetValue(seed)));
            Directory.CreateDirectory(folder);
            context.WithProgress("Writing", _ =>
            {
                VolumeFile.Write(result.Defective, toDefective);
                VolumeFile.Write(result.Implant, toImplant);
                DefectRecordFile.Write(result.Record, toRecord);
                return 0;
            });
            DefectRecord r = result.Record;
            context.Say(string.Create(CultureInfo.InvariantCulture,
                $"{r.Kind} defect at ({r.Center.X:0.#}, {r.Center.Y:0.#}, {r.Center.Z:0.#}) mm: implant {r.ImplantVolumeCm3:0.##} cm³, opening {r.OpeningAreaCm2:0.##} cm² (seed {r.Seed}, {r.Attempts} attempt(s))."));
            context.Say($"Wrote {toDefective}, {toImplant}, {toRecord}");
            return 0;
        }));
        return command;
    }
}
