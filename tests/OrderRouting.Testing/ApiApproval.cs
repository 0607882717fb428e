using System.Reflection;
using System.Runtime.CompilerServices;
using PublicApiGenerator;
using Xunit;

namespace OrderRouting.Testing;

/// <summary>
/// Public API approval: the generated API of an assembly is compared with a committed
/// <c>PublicApi/NAME.approved.txt</c> next to the test source. On mismatch a <c>NAME.received.txt</c>
/// is written beside it, so <c>diff</c> shows the change; copy it over the approved file only on purpose.
/// </summary>
public static class ApiApproval
{
    /// <summary>Asserts that the public API of <paramref name="assembly"/> equals the approved file.</summary>
    public static void Verify(Assembly assembly, [CallerFilePath] string callerPath = "")
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var name = assembly.GetName().Name!;
        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false })
            .ReplaceLineEndings("\n");
        var folder = Path.Combine(Path.GetDirectoryName(callerPath)!, "PublicApi");
        Directory.CreateDirectory(folder);
        var approvedPath = Path.Combine(folder, name + ".approved.txt");
        var receivedPath = Path.Combine(folder, name + ".received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (approved == api)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, api);
        Assert.Fail(
            $"The public API of {name} changed. Review it with:{Environment.NewLine}" +
            $"  diff {approvedPath} {receivedPath}{Environment.NewLine}" +
            $"and, if the change is intended, copy the received file over the approved one.{Environment.NewLine}" +
            FirstDifference(approved, api));
    }

    private static string FirstDifference(string approved, string received)
    {
        var a = approved.Split('\n');
        var r = received.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, r.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < r.Length ? r[i] : "<end of file>";
            if (left != right)
                return $"First difference at line {i + 1}:{Environment.NewLine}- {left}{Environment.NewLine}+ {right}";
        }
        return "";
    }
}
