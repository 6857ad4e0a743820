"""The conversion of one input, run in a worker (process, thread or remote executor).

`convert_task` takes and returns plain picklable data: the records travel back as JSON strings and the
caller's process alone writes files and the archive. It never raises for a bad input: the result
says "failed" with one line of reason.
"""
from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
import threading
import time
from typing import Any, Optional

FAULTS_ENV = "KEXIE_PARSE_TEST_FAULTS"
"""Test-only fault injection: "crash:NAME,hang:NAME,stall:NAME" in the environment of the batch makes a
worker exit, sleep past the soft timeout, or sleep with the timer signal blocked, for inputs whose
path contains NAME. The batch reads it and passes it with each task (whatever the start method)."""


class WorkerTimeout(BaseException):
    """Raised in a worker process when the conversion runs past its time (BaseException: nothing
    inside the parser that catches `Exception` can swallow it)."""


def _in_worker_process() -> bool:
    return multiprocessing.parent_process() is not None and threading.current_thread() is threading.main_thread()


def init_worker(enrich: bool = False) -> None:
    """Process-pool initializer: die with the parent, load the heavy modules once per worker."""
    try:  # Linux: the kernel kills the worker when the batch process dies (even by SIGKILL)
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # pragma: no cover - other systems: a watchdog thread
        ppid = os.getppid()

        def watch() -> None:
            while True:
                time.sleep(0.5)
                if os.getppid() != ppid:
                    os._exit(1)
        threading.Thread(target=watch, daemon=True).start()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch process's to handle
    try:
        from .. import pipeline  # noqa: F401
        from ..sources import pdf_guard, pdf_pdfium  # noqa: F401  (pypdfium2, the default PDF engine)
        if enrich:
            from ..enrich.resources import engine
            engine()  # from the engine cache: loaded once per worker, not per task
    except Exception:  # pragma: no cover - a failing import shows up in the first task instead
        pass


def warm_parent(enrich: bool) -> bool:
    """Load the PDF engine (and the jieba engine) in the batch process before it forks its workers.

    With the "fork" start method the workers then share those pages instead of each loading its own
    copy (jieba's dictionary is ~100 MB and ~2 s per process), and a pool recreated after a crash
    starts warm. Does nothing for other start methods. Returns True when it loaded.
    """
    if multiprocessing.get_context().get_start_method() != "fork":
        return False
    try:
        from .. import pipeline  # noqa: F401
        from ..sources import pdf_guard, pdf_pdfium  # noqa: F401
        if enrich:
            from ..enrich.resources import engine, patterns
            engine()
            patterns()
    except Exception:  # pragma: no cover - the workers load it themselves then
        return False
    return True


def _faults(path: str, spec: Optional[str]) -> None:
    if not spec:
        return
    for item in spec.split(","):
        what, _, name = item.partition(":")
        if name and name in path:
            if what == "crash":
                os._exit(70)
            if what == "hang":
                time.sleep(3600)
            if what == "stall":
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
                time.sleep(3600)


def _reason(err: BaseException, path: str) -> str:
    from ..errors import KexieParseError
    if isinstance(err, KexieParseError):
        where = ""
        if err.page is not None:
            where += f" page {err.page}"
        if err.line is not None:
            where += f" line {err.line}"
        return f"{where.strip()}: {err.message}" if where else err.message
    text = str(err).splitlines()[0] if str(err) else ""
    return f"internal error ({type(err).__name__}{': ' + text if text else ''})"


def convert_task(task: dict[str, Any]) -> dict[str, Any]:
    """Parse every issue of one input.

    task: {"path", "name", "enrich", "timeout", "data" (optional bytes: parse these instead of reading
    the path, for executors on machines that cannot see the files), "password"}.
    Returns {"path", "status": "ok"|"failed", "records": [json str], "sha256", "kind", "pages",
    "warnings", "errors", "reason", "error_type", "seconds", "timeout"}.
    """
    path = task["path"]
    started = time.perf_counter()
    result: dict[str, Any] = {"path": path, "status": "failed", "records": [], "sha256": None, "kind": None,
                              "pages": None, "warnings": 0, "errors": 0, "reason": None, "error_type": None,
                              "seconds": 0.0, "timeout": False}
    timeout: Optional[float] = task.get("timeout")
    use_alarm = bool(timeout) and _in_worker_process() and hasattr(signal, "setitimer")
    fired = []
    old = None
    if use_alarm:
        def on_alarm(signum, frame):  # noqa: ARG001
            fired.append(True)
            raise WorkerTimeout()
        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, float(timeout))
    try:
        try:
            _faults(path, task.get("faults"))
            from ..pipeline import parse_all
            options: dict[str, Any] = {"enrich": bool(task.get("enrich"))}
            if task.get("password") is not None:
                options["password"] = task["password"]
            options.update(task.get("limits") or {})
            data = task.get("data")
            if data is not None:
                if task.get("kind") == "pdf":  # as for a path: a .pdf is read as PDF, anything else sniffed
                    options["kind"] = "pdf"
                bulletins = parse_all(bytes(data), **options)
                for b in bulletins:
                    b.source.name = task.get("name") or os.path.basename(path)
            else:
                bulletins = parse_all(path, **options)
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
        if fired:
            raise WorkerTimeout()
        records = [b.to_json() for b in bulletins]
        result.update(status="ok", records=records, sha256=bulletins[0].source.sha256, kind=bulletins[0].source.kind,
                      pages=bulletins[0].source.pages,
                      warnings=sum(1 for b in bulletins for d in b.diagnostics if d.level == "warning"),
                      errors=sum(1 for b in bulletins for d in b.diagnostics if d.level == "error"))
    except WorkerTimeout:
        result.update(reason=f"timed out after {timeout:g} s", error_type="Timeout", timeout=True)
    except Exception as e:  # every other failure is one line in the report, never a crash of the batch
        result.update(reason=_reason(e, path), error_type=type(e).__name__)
    finally:
        if use_alarm:
            signal.signal(signal.SIGALRM, old if old is not None else signal.SIG_DFL)
    if result["sha256"] is None and task.get("data") is not None:
        result["sha256"] = hashlib.sha256(task["data"]).hexdigest()
    result["seconds"] = time.perf_counter() - started
    if _in_worker_process():
        _release_memory()
    return result


_LIBC: Any = None


def _release_memory() -> None:
    """Give the memory of the last conversion back, so a long-lived worker stays at its first size."""
    global _LIBC
    gc.collect()
    if _LIBC is None:
        try:
            import ctypes
            _LIBC = ctypes.CDLL("libc.so.6")
            _LIBC.malloc_trim  # noqa: B018 - glibc only
        except (OSError, AttributeError):
            _LIBC = False
    if _LIBC:
        _LIBC.malloc_trim(0)
