namespace Cranio.Web;

/// <summary>What a user may do. Both roles upload cases and view results; engineers also change design parameters and re-run designs.</summary>
public enum UserRole
{
    /// <summary>A surgeon: uploads, runs the default design, views and downloads.</summary>
    Surgeon,

    /// <summary>A medical-modelling engineer: a surgeon's rights plus re-running the design with other parameters.</summary>
    Engineer,
}
