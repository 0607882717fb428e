global using Xunit;
global using OrderRouting.Ports;
