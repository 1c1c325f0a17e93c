using System.Globalization;

namespace CreditPoC.Kernel;

/// <summary>The kernel's own log on standard error, which Jupyter clients show in their kernel output or log.</summary>
public sealed class KernelLog(TextWriter writer)
{
    private readonly object _gate = new();

    public void Write(string message)
    {
        lock (_gate)
        {
            writer.WriteLine($"[creditpoc kernel {DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {message}");
            writer.Flush();
        }
    }
}
