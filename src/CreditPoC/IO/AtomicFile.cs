namespace CreditPoC.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a half-written
/// file: the content goes to a temporary file beside the target, which is then moved over it.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/>; if it throws, the target is untouched.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="overwrite">When false and the file exists, fails with a message that suggests --force.</param>
    public static void Write(string path, Action<Stream> write, bool overwrite = true) =>
        WriteFile(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            write(stream);
        }, overwrite);

    /// <summary>
    /// For a writer that opens the file itself (a native library): <paramref name="write"/> gets the path of a
    /// temporary file beside the target, which is moved over the target when it returns; if it throws, the target is
    /// untouched.
    /// </summary>
    public static void WriteFile(string path, Action<string> write, bool overwrite = true)
    {
        var full = Path.GetFullPath(path);
        if (!overwrite && File.Exists(full))
            throw new UserFacingException($"{path} already exists; pass --force to replace it");
        var directory = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot create the folder {directory}: {e.Message}", e);
        }

        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new UserFacingException($"cannot write {path}: {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes text through a UTF-8 (no BOM) writer, atomically.</summary>
    public static void WriteText(string path, Action<TextWriter> write, bool overwrite = true) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16);
            write(writer);
        }, overwrite);

    public static void WriteAllText(string path, string content, bool overwrite = true) =>
        WriteText(path, w => w.Write(content), overwrite);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
