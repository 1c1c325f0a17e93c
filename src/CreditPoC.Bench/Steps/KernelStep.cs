using System.Globalization;
using System.Text.Json.Nodes;
using CreditPoC.Kernel.KernelSpecs;

namespace CreditPoC.Bench.Steps;

/// <summary>
/// The Jupyter kernel through Debian's jupyter_client and nbclient, side by side with ipykernel (python3) in one run:
/// start to the first kernel_info_reply, a trivial execute round trip (median after warm-up, p95), a completion
/// (median after the first), and nbclient running the 10-cell trivial notebook (a fresh kernel each time).
/// </summary>
internal sealed class KernelStep : IBenchStep
{
    public string Name => "kernel";

    public string Description => "Jupyter kernel vs ipykernel: start, execute round trip, completion, nbclient 10 cells";

    public int Order => 85;

    private const string Target = "start ≤ 1.5 s; execute p50 ≤ 20 ms; complete p50 ≤ 100 ms; nbclient ≤ 1.5× ipykernel";

    public StepResult Run(BenchContext context)
    {
        if (!context.Settings.CompareWithPython) return StepResults.Skipped(this, "skipped: --no-python (Python's Jupyter clients drive the kernel)", Target);
        if (context.Settings.CliAssembly is not { } cli) return StepResults.Skipped(this, "skipped: no creditpoc assembly to start the kernel from", Target);
        var python = ExternalProcess.FindWorking(["/usr/bin/python3", "python3"], "-c", "import jupyter_client, nbclient");
        if (python is null) return StepResults.Skipped(this, "skipped: python3 with jupyter_client and nbclient is not installed (apt-get install python3-jupyter-client python3-nbclient)", Target);

        var folder = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "kernel")).FullName;
        var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        KernelSpecInstaller.Install(KernelSpecLocation.Prefix(folder), KernelSpecInstaller.DefaultName, [dotnet, cli, "kernel"], force: true);
        var csharp = TrivialNotebooks.WriteCSharp(Path.Combine(folder, "trivial.ipynb"));
        var py = TrivialNotebooks.WritePython(Path.Combine(folder, "trivial_py.ipynb"));
        var script = Path.Combine(folder, "kernel_bench.py");
        File.WriteAllText(script, Script);
        var withIpykernel = ExternalProcess.Works(python, "-c", "import ipykernel");
        var repeat = Math.Max(3, context.Settings.Repeat);

        var outcome = ExternalProcess.Run(python, [script, Path.Combine(folder, "share", "jupyter"), csharp, py, repeat.ToString(CultureInfo.InvariantCulture), withIpykernel ? "1" : "0"], folder, TimeSpan.FromMinutes(20));
        if (outcome.ExitCode != 0) throw new InvalidOperationException($"the kernel benchmark script failed: {outcome.Error.Trim()}");
        var json = JsonNode.Parse(outcome.Output.Trim().Split('\n')[^1])!;

        var figures = new Dictionary<string, double>();
        void Copy(string side, JsonNode? values)
        {
            if (values is not JsonObject o) return;
            foreach (var (name, value) in o)
                if (value is JsonValue number) figures[$"{side}_{name}"] = (double)number;
        }
        Copy("creditpoc", json["creditpoc"]);
        Copy("ipykernel", json["ipykernel"]);
        double F(string name) => figures.TryGetValue(name, out var v) ? v : double.NaN;
        string Ratio(string name) => figures.ContainsKey("ipykernel_" + name) ? $" (ipykernel {F("ipykernel_" + name):0.###}; ratio {F("creditpoc_" + name) / F("ipykernel_" + name):0.00})" : "";
        var nbclientRatio = F("creditpoc_nbclient_s") / F("ipykernel_nbclient_s");
        var own = F("creditpoc_start_s") <= 1.5 && F("creditpoc_execute_p50_ms") <= 20 && F("creditpoc_complete_p50_ms") <= 100;
        bool? met = double.IsNaN(nbclientRatio) ? (own ? null : false) : own && nbclientRatio <= 1.5;
        var notes = new List<string>
        {
            $"start to first kernel_info_reply {F("creditpoc_start_s"):F2} s{Ratio("start_s")}",
            $"trivial execute round trip p50 {F("creditpoc_execute_p50_ms"):F1} ms, p95 {F("creditpoc_execute_p95_ms"):F1} ms{Ratio("execute_p50_ms")}",
            $"completion first {F("creditpoc_complete_first_ms"):F0} ms, then p50 {F("creditpoc_complete_p50_ms"):F1} ms{Ratio("complete_p50_ms")}",
            $"nbclient 10-cell notebook {F("creditpoc_nbclient_s"):F2} s{Ratio("nbclient_s")}",
        };
        if (!withIpykernel) notes.Add("ipykernel not installed (apt-get install python3-ipykernel): no side-by-side figures");
        var seconds = json["creditpoc"]!["nbclient_runs"] is JsonArray runs ? runs.Select(r => (double)r!).ToList() : [];
        // The figures are the clients' and kernels' processes; this process's memory says nothing about them.
        return StepResults.From(this, new Timings(seconds, 0, 0, []), 10, perRow: false, target: Target, met: met, figures: figures, notes: notes)
            with { PeakMiB = null, AllocatedMiB = null };
    }

    /// <summary>The driver, run by Debian's python3: the same measures for both kernels, printed as one JSON line.</summary>
    private const string Script = """
        import json, os, statistics, sys, time
        os.environ["JUPYTER_PATH"] = sys.argv[1]
        from jupyter_client.manager import KernelManager
        import nbformat
        from nbclient import NotebookClient

        csharp_nb, python_nb, repeat, with_ipykernel = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"

        def reply(kc, msg_id, timeout=60):
            while True:
                msg = kc.get_shell_msg(timeout=timeout)
                if msg["parent_header"].get("msg_id") == msg_id:
                    return msg

        def idle(kc, msg_id, timeout=60):
            while True:
                msg = kc.get_iopub_msg(timeout=timeout)
                if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return

        def p(values, q):
            values = sorted(values)
            return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]

        def measure(kernel, trivial, complete, notebook):
            out = {}
            start = time.perf_counter()
            km = KernelManager(kernel_name=kernel)
            km.start_kernel()
            kc = km.client()
            kc.start_channels()
            msg_id = kc.kernel_info()  # queued by ZeroMQ until the kernel binds
            reply(kc, msg_id)
            out["start_s"] = time.perf_counter() - start
            while True:  # iopub subscribes late (slow joiner): ask again until a status arrives
                try:
                    idle(kc, msg_id, timeout=0.5)
                    break
                except Exception:
                    msg_id = kc.kernel_info()
                    reply(kc, msg_id)
            rounds = []
            for i in range(10 + 30):
                t = time.perf_counter()
                msg_id = kc.execute(trivial)
                reply(kc, msg_id)
                idle(kc, msg_id)
                if i >= 10:
                    rounds.append((time.perf_counter() - t) * 1000)
            out["execute_p50_ms"] = statistics.median(rounds)
            out["execute_p95_ms"] = p(rounds, 0.95)
            completions = []
            for i in range(1 + 20):
                t = time.perf_counter()
                msg = kc.session.msg("complete_request", {"code": complete, "cursor_pos": len(complete)})
                kc.shell_channel.send(msg)
                reply(kc, msg["header"]["msg_id"])
                completions.append((time.perf_counter() - t) * 1000)
                idle(kc, msg["header"]["msg_id"])
            out["complete_first_ms"] = completions[0]
            out["complete_p50_ms"] = statistics.median(completions[1:])
            kc.stop_channels()
            km.shutdown_kernel(now=False)
            return out

        def nbclient_runs(path, kernel):
            nb = nbformat.read(path, as_version=4)
            t = time.perf_counter()
            NotebookClient(nb, kernel_name=kernel, timeout=600).execute()
            return time.perf_counter() - t

        result = {"creditpoc": measure(".net-csharp", "1 + 1", "System.Console.Wri", csharp_nb)}
        if with_ipykernel:
            result["ipykernel"] = measure("python3", "1 + 1", "import os; os.pa", python_nb)
        runs = {"creditpoc": [], "ipykernel": []}
        for _ in range(repeat):  # side by side, alternating
            runs["creditpoc"].append(nbclient_runs(csharp_nb, ".net-csharp"))
            if with_ipykernel:
                runs["ipykernel"].append(nbclient_runs(python_nb, "python3"))
        for side, values in runs.items():
            if values:
                result[side]["nbclient_s"] = statistics.median(values)
                result[side]["nbclient_runs"] = values
        print(json.dumps(result))
        """;
}
