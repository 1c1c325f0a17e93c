using NetMQ;

namespace CreditPoC.Kernel;

/// <summary><c>creditpoc kernel -f CONNECTION_FILE</c>: serves one Jupyter client until it asks to shut down or restart.</summary>
public static class KernelHost
{
    /// <summary>Runs the kernel; returns the process exit code. A bad connection file or a port in use throws <see cref="UserFacingException"/>.</summary>
    public static int Run(string connectionFile, TextWriter log)
    {
        var kernelLog = new KernelLog(log);
        var connection = ConnectionInfo.Load(connectionFile);
        Console.SetIn(TextReader.Null); // a cell that reads the console gets end-of-input instead of hanging the kernel
        bool restart;
        using var parentWatch = ParentWatch.Start(kernelLog);
        using (var kernel = new JupyterKernel(connection, kernelLog, Environment.CurrentDirectory))
        {
            // Ctrl+C in a terminal reaches every process of its group, the engine's kernels too: like ipykernel, take it as
            // an interrupt of the running cell (the client decides whether the run stops), not as the end of the kernel.
            ConsoleCancelEventHandler onCtrlC = (_, e) =>
            {
                e.Cancel = true;
                kernel.Interrupt();
            };
            Console.CancelKeyPress += onCtrlC;
            kernelLog.Write($"listening on {connection.Ip} (shell {connection.ShellPort}, control {connection.ControlPort}, iopub {connection.IopubPort}, hb {connection.HeartbeatPort}); cells run in {Environment.CurrentDirectory}");
            restart = kernel.RunAsync().GetAwaiter().GetResult();
            Console.CancelKeyPress -= onCtrlC;
        }
        NetMQConfig.Cleanup(block: false);
        kernelLog.Write(restart ? "stopped for a restart" : "stopped");
        return 0;
    }
}
