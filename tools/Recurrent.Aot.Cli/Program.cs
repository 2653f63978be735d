using Recurrent.Aot.Cli;

return CliApp.Run(args, Console.Out, Console.Error);
