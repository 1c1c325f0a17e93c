"""Drives the CreditPoC kernel through jupyter_client (Debian's python3-jupyter-client) and prints what it saw as JSON.

Usage: protocol_checks.py KERNEL_NAME SCENARIO [ARG...]; JUPYTER_PATH must point at the installed kernelspec.
The C# tests assert on the printed JSON; this script only records, it judges nothing.
"""
import json
import sys
import time
import queue

import zmq
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

TIMEOUT = 60


def collect(kc, msg_id, timeout=TIMEOUT):
    """Every iopub message whose parent is msg_id, up to and including its status: idle."""
    return collect_many(kc, [msg_id], timeout)[msg_id]


def collect_many(kc, msg_ids, timeout=TIMEOUT):
    """The iopub messages of each request in msg_ids, until every one of them has gone idle."""
    seen = {msg_id: [] for msg_id in msg_ids}
    waiting = set(msg_ids)
    deadline = time.time() + timeout
    while waiting and time.time() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.05, deadline - time.time()))
        except queue.Empty:
            break
        parent = msg["parent_header"].get("msg_id")
        if parent not in seen:
            continue
        seen[parent].append({"msg_type": msg["msg_type"], "content": msg["content"]})
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            waiting.discard(parent)
    return seen


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    deadline = time.time() + timeout
    while time.time() < deadline:
        reply = kc.get_shell_msg(timeout=max(0.05, deadline - time.time()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply
    raise TimeoutError(msg_id)


def execute(kc, code, **kw):
    start = time.time()
    msg_id = kc.execute(code, **kw)
    reply = shell_reply(kc, msg_id)
    return {
        "reply": reply["content"],
        "reply_type": reply["msg_type"],
        "iopub": collect(kc, msg_id),
        "seconds": time.time() - start,
    }


def request(kc, name, **content):
    msg = kc.session.msg(name + "_request", content)
    kc.shell_channel.send(msg)
    reply = shell_reply(kc, msg["header"]["msg_id"])
    return {"reply": reply["content"], "reply_type": reply["msg_type"], "iopub": collect(kc, msg["header"]["msg_id"])}


def start(kernel_name, **kw):
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel(**kw)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    drain(kc)
    return km, kc


def drain(kc):
    """Drops the replies to wait_for_ready's kernel_info requests, so later reads see only their own."""
    for get in (kc.get_shell_msg, kc.get_iopub_msg):
        while True:
            try:
                get(timeout=0.3)
            except queue.Empty:
                break


def reply_to(kc, msg_id, timeout):
    """The shell reply to msg_id within timeout seconds, or None."""
    try:
        return shell_reply(kc, msg_id, timeout)["content"]
    except (queue.Empty, TimeoutError):
        return None


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def messages(kernel_name, library_dll):
    km, kc = start(kernel_name)
    out = {}
    msg_id = kc.kernel_info()
    out["kernel_info"] = {"reply": shell_reply(kc, msg_id)["content"], "iopub": collect(kc, msg_id), "msg_id": msg_id}
    out["trivial"] = execute(kc, "1 + 1")
    out["streams"] = execute(kc, 'Console.WriteLine("to stdout"); Console.Error.WriteLine("to stderr");')
    out["display"] = execute(kc, 'var shown = display("first");\nshown.Update("second");')
    out["update_later"] = execute(kc, 'shown.Update("third");')
    out["throws"] = execute(kc, 'var before = 1;\nthrow new InvalidOperationException("boom");')
    out["compile_error"] = execute(kc, "var a = 1;\nundefinedName + 1")
    out["silent"] = execute(kc, 'Console.WriteLine("hidden"); 5', silent=True)
    out["no_history"] = execute(kc, "7", store_history=False)
    out["after"] = execute(kc, "8")
    out["other_language"] = execute(kc, "#!python\nprint(1)")
    # stop_on_error: the second request is queued behind the failing first and must come back aborted.
    first = kc.execute('throw new Exception("first fails");', stop_on_error=True)
    second = kc.execute("123")
    out["stop_on_error"] = {"first": shell_reply(kc, first)["content"], "second": shell_reply(kc, second)["content"]}
    iopub = collect_many(kc, [first, second])
    out["stop_on_error"]["second_iopub"] = iopub[second]
    out["is_complete"] = {code: request(kc, "is_complete", code=code)["reply"]
                          for code in ["var x = 1;", "if (true) {", "var s = \"abc", "var y = 1 +", "int 5x = 3;", "#!csharp\nvar z = 2;"]}
    out["define"] = execute(kc, "record Person(string Name, int Age);\nvar person = new Person(\"Ada\", 36);")
    code = "person.Na"
    out["complete_member"] = request(kc, "complete", code=code, cursor_pos=len(code))
    out["library"] = execute(kc, f'#r "{library_dll}"\nusing CreditPoC.Modeling;')
    code = "Experiment."
    out["complete_library"] = request(kc, "complete", code=code, cursor_pos=len(code))
    code = 'var smile = "😀😀"; person.Ag'
    out["complete_emoji"] = {"code_points": len(code), "result": request(kc, "complete", code=code, cursor_pos=len(code))}
    code = "Experiment.Setup"
    out["inspect_library"] = request(kc, "inspect", code=code, cursor_pos=len(code), detail_level=0)
    code = "person"
    out["inspect_variable"] = request(kc, "inspect", code=code, cursor_pos=len(code), detail_level=0)
    out["complete_past_end"] = request(kc, "complete", code="abc", cursor_pos=50)
    out["comm_info"] = request(kc, "comm_info")
    out["history"] = request(kc, "history", hist_access_type="tail", n=10, output=False, raw=True)
    out["still_alive"] = execute(kc, "person.Name")
    # Papermill's C# translator injects raw values; declared types win.
    out["papermill_declare"] = execute(kc, 'var TARGET_DATE = new DateOnly(2021, 1, 31);\nvar ROWS = 5L;\nvar NAME = "x";')
    out["papermill_inject"] = execute(kc, '// Parameters\nvar TARGET_DATE = "2021-03-31";\nvar ROWS = 7;\nvar NAME = "y";\n')
    out["papermill_use"] = execute(kc, 'TARGET_DATE.AddDays(1).ToString("yyyy-MM-dd") + " " + ROWS.GetType().Name + " " + NAME')
    out["papermill_bad"] = execute(kc, '// Parameters\nvar TARGET_DATE = "2021-13-01";\n')
    # User code that would crash a .NET process: endless recursion, a console read with no console.
    out["recursion"] = execute(kc, "int Down(int n) => Down(n + 1);\nDown(0)")
    out["read_line"] = execute(kc, "Console.ReadLine() ?? \"no input\"")
    out["alive_after_crashes"] = execute(kc, "person.Age")
    stop(km, kc)
    return out


def bad_messages(kernel_name):
    """A wrongly signed message, then malformed JSON (correctly signed): both dropped; the kernel answers after."""
    import tempfile
    log = tempfile.TemporaryFile()
    km, kc = start(kernel_name, stderr=log)
    out = {}
    wrong = Session(key=b"not-the-kernel-key", signature_scheme="hmac-sha256")
    msg = wrong.msg("execute_request", {"code": 'Console.WriteLine("must not run");', "silent": False})
    wrong.send(kc.shell_channel.socket, msg)
    out["bad_signature_reply"] = reply_to(kc, msg["header"]["msg_id"], 2)
    iopub = []
    while True:
        try:
            iopub.append(kc.get_iopub_msg(timeout=0.5)["msg_type"])
        except queue.Empty:
            break
    out["bad_signature_iopub"] = iopub
    # Correctly signed frames whose content is not JSON.
    session = kc.session
    header = session.msg_header("execute_request")
    parts = [session.pack(header), b"{}", b"{}", b"{not json"]
    signature = session.sign(parts)
    kc.shell_channel.socket.send_multipart([b"<IDS|MSG>", signature] + parts)
    out["malformed_reply"] = reply_to(kc, header["msg_id"], 2)
    out["after"] = execute(kc, "21 * 2")
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    log.seek(0)
    out["stderr"] = log.read().decode("utf-8", "replace")
    return out


def interrupts(kernel_name, library_dll, csv):
    km, kc = start(kernel_name)
    out = {}

    def interrupted(code, wait=1.0):
        msg_id = kc.execute(code)
        time.sleep(wait)
        sent = time.time()
        km.interrupt_kernel()
        reply = shell_reply(kc, msg_id)
        answered = time.time() - sent
        return {"reply": reply["content"], "answered_seconds": answered, "iopub": collect(kc, msg_id)}

    out["keep"] = execute(kc, "var kept = 41;")
    out["sleep"] = interrupted("System.Threading.Thread.Sleep(60000);")
    out["await"] = interrupted("await Task.Delay(60000);")
    out["wait"] = interrupted("new System.Threading.ManualResetEventSlim(false).Wait();")
    out["after_sleep"] = execute(kc, "kept + 1")
    if csv:
        setup = (f'#r "{library_dll}"\nusing CreditPoC.Loading;\nusing CreditPoC.Modeling;\n'
                 f'var frame = CsvTableLoader.Load(@"{csv}");\n'
                 'var experiment = Experiment.Setup(frame, "TARGET", "1", ignore: new[] { "SK_ID_CURR" }, seed: 1);')
        out["setup"] = execute(kc, setup)
        out["compare"] = interrupted("var board = experiment.CompareModels();", wait=3.0)
        out["after_compare"] = execute(kc, "kept + frame.Rows.Count")
    out["spin"] = interrupted("while (true) { }", wait=3.0)
    out["after_spin"] = execute(kc, "kept + 2")
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=TIMEOUT)
    out["after_restart"] = execute(kc, "kept")
    out["fresh"] = execute(kc, "var again = 5; again * 2")
    stop(km, kc)
    return out


def orphan(kernel_name):
    """Starts a kernel, prints its process id, and dies without shutting it down."""
    import os
    km, kc = start(kernel_name)
    print(json.dumps({"pid": km.provisioner.process.pid}), flush=True)
    os._exit(0)


if __name__ == "__main__":
    kernel, scenario, *args = sys.argv[1:]
    result = {"messages": messages, "bad_messages": bad_messages, "interrupts": interrupts, "orphan": orphan}[scenario](kernel, *args)
    print(json.dumps(result, default=str))
