using Cranio.Cli;

return CranioCli.Run(args, Console.Out, Console.Error);
