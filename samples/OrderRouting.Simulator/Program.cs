using OrderRouting.Simulator.Cli;

using var standardOutput = new BufferedStream(Console.OpenStandardOutput(), 64 * 1024);
var exitCode = SimulatorCli.Run(args, standardOutput, Console.Error);
standardOutput.Flush();
return exitCode;
