namespace CreditPoC.TestSupport;

/// <summary>The repository's root folder (the one holding CreditPoC.sln), found above the test binaries, for tests that read shipped files.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "CreditPoC.sln"))) return dir.FullName;
        throw new InvalidOperationException("CreditPoC.sln not found above " + AppContext.BaseDirectory);
    }
}
