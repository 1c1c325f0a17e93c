"""Executes a notebook with Debian's nbclient through the kernel its metadata names (found on JUPYTER_PATH).

Usage: run_notebook.py IN.ipynb OUT.ipynb CWD; prints {"error": null or the failure, "seconds": ..., "valid": ...}.
The executed notebook is written even when a cell fails, then checked with nbformat's validator.
"""
import json
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

source, target, cwd = sys.argv[1:4]
notebook = nbformat.read(source, as_version=4)
client = NotebookClient(notebook, timeout=900, resources={"metadata": {"path": cwd}})
error = None
start = time.time()
try:
    client.execute()
except CellExecutionError as e:
    error = str(e)[:2000]
seconds = time.time() - start
nbformat.write(notebook, target)
try:
    nbformat.validate(nbformat.read(target, as_version=4))
    valid = None
except nbformat.ValidationError as e:
    valid = str(e)[:2000]
print(json.dumps({"error": error, "seconds": seconds, "invalid": valid, "kernel": notebook.metadata.get("kernelspec", {}).get("name")}))
