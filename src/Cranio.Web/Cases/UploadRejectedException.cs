namespace Cranio.Web;

/// <summary>An upload that cannot become a case; the message is shown to the user as it is.</summary>
internal sealed class UploadRejectedException(string message, Exception? inner = null) : Exception(message, inner);
