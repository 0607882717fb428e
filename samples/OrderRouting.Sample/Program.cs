using OrderRouting.Sample;

return await SampleApp.RunAsync(args, Console.Out, Console.Error, console: true).ConfigureAwait(false);
