namespace CreditPoC.Tests;

/// <summary>The repository's root folder, found from the test binaries, for tests that read shipped files.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CreditPoC.sln"))) return dir.FullName;
        throw new InvalidOperationException("CreditPoC.sln not found above " + AppContext.BaseDirectory);
    }
}
