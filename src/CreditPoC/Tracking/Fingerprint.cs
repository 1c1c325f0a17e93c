using System.Security.Cryptography;

namespace CreditPoC.Tracking;

/// <summary>Content hashes of input files and the code version, so a run can be traced to exactly what it read.</summary>
public static class Fingerprint
{
    /// <summary>"sha256:&lt;hex&gt;" of the file's bytes.</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The git commit of the checkout that holds <paramref name="directory"/>, read from .git without running git; null outside a checkout.</summary>
    public static string? CodeVersion(string? directory = null)
    {
        for (var dir = new DirectoryInfo(directory ?? Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (File.Exists(git))  // a worktree: "gitdir: <path>"
            {
                var pointer = File.ReadAllText(git).Trim();
                if (!pointer.StartsWith("gitdir:", StringComparison.Ordinal)) return null;
                git = Path.GetFullPath(Path.Combine(dir.FullName, pointer["gitdir:".Length..].Trim()));
            }
            if (!Directory.Exists(git)) continue;
            var head = File.ReadAllText(Path.Combine(git, "HEAD")).Trim();
            if (!head.StartsWith("ref:", StringComparison.Ordinal)) return head;
            var reference = head["ref:".Length..].Trim();
            foreach (var root in new[] { git, CommonDir(git) })
            {
                var loose = Path.Combine(root, reference);
                if (File.Exists(loose)) return File.ReadAllText(loose).Trim();
                var packed = Path.Combine(root, "packed-refs");
                if (File.Exists(packed))
                    foreach (var line in File.ReadLines(packed))
                        if (line.EndsWith(" " + reference, StringComparison.Ordinal)) return line[..line.IndexOf(' ')];
            }
            return null;
        }
        return null;
    }

    private static string CommonDir(string gitDir)
    {
        var common = Path.Combine(gitDir, "commondir");
        return File.Exists(common) ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(common).Trim())) : gitDir;
    }
}
