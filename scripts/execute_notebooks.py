#!/usr/bin/python3
"""Executes every tutorial notebook with the java-gpu kernel (nbclient) and writes the executed copies, as .ipynb and
.html, to build/notebooks/ under the given checkout. Used by ./run-notebooks when there is no display or front end.

    /usr/bin/python3 scripts/execute_notebooks.py CHECKOUT      (CELL_TIMEOUT: seconds per cell, default 600)
"""
import atexit
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

root = Path(sys.argv[1])
out_dir = root / "build" / "notebooks"
try:
    from nbconvert import HTMLExporter
except ImportError:
    HTMLExporter = None
    print("   (nbconvert is not installed: writing .ipynb only; apt-get install python3-nbconvert for HTML)")

failed = []
for source in sorted((root / "notebooks").glob("*.ipynb")):
    book = nbformat.read(source, as_version=4)
    client = NotebookClient(book, kernel_name="java-gpu", timeout=int(os.environ.get("CELL_TIMEOUT", "600")),
                            startup_timeout=180, resources={"metadata": {"path": str(source.parent)}})
    started = time.time()
    status = "ok"
    try:
        client.execute()
    except CellExecutionError as error:
        status = "FAILED"
        failed.append((source.name, str(error).strip().splitlines()[-1] if str(error).strip() else "cell error"))
    except Exception as error:  # kernel did not start, timeout, ...
        status = "FAILED"
        failed.append((source.name, f"{type(error).__name__}: {error}"))
        atexit.unregister(client._cleanup_kernel)  # nbclient 0.7 leaves it registered when the start fails
    target = out_dir / source.name
    nbformat.write(book, target)
    written = [target]
    if HTMLExporter is not None:
        html, _ = HTMLExporter().from_notebook_node(book)
        html_path = target.with_suffix(".html")
        html_path.write_text(html, encoding="utf-8")
        written.append(html_path)
    print(f"   {status:6} {source.name} ({time.time() - started:.1f} s) -> "
          + ", ".join(str(p.relative_to(root)) for p in written))

print(f"==> Executed notebooks are in {out_dir}")
if failed:
    for name, why in failed:
        print(f"   {name}: {why}", file=sys.stderr)
    sys.exit(1)
