namespace Cranio.Cli;

/// <summary>The command line asks for something impossible (exit code 2), such as writing over an input.</summary>
public sealed class UsageException(string message) : Exception(message);
