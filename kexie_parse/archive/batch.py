"""`convert`: many inputs -> `DIR/<name>.json` per input, `DIR/articles.jsonl`, `DIR/report.json`, the archive.

Workers (processes of our own pool, or any `concurrent.futures.Executor`) only parse: they get a task
dict and give back the records as JSON strings. Everything that writes (files and SQLite) happens in
the calling process, one input at a time: its JSON files first (each atomically), then its archive
rows in one transaction. An input whose rows in the archive carry its current sha256 (and the same
parser version and options) and whose JSON files exist is "unchanged" and not converted again.
A batch killed at any moment and run again therefore ends complete, with nothing duplicated.
"""
from __future__ import annotations

import collections
import gc
import hashlib
import json
import os
import sqlite3
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

from .. import __version__
from ..errors import InputError, SettingsError, output_error, printable
from ..settings import ParseSettings
from ..sources import read_file_limited
from .collect import KINDS, Item, collect, output_path
from .jsonl import ARTICLES_JSONL, REPORT_JSON, atomic_write_text, remove_stale_temps, write_jsonl
from .store import Store, archive_damaged
from .worker import FAULTS_ENV, convert_task, init_worker, warm_parent

DEFAULT_DB = "archive.sqlite"
STATUSES = ("ok", "unchanged", "skipped", "failed")


@dataclass
class Entry:
    """What the batch did with one input."""

    path: str
    """The input file (absolute)."""
    rel: str
    """Its name inside the output folder (its record is `<rel>.json`)."""
    status: str
    """"ok" (converted now), "unchanged" (converted before, same bytes), "skipped" (not .pdf/.txt) or "failed"."""
    kind: Optional[str] = None
    """"pdf" or "text"."""
    reason: Optional[str] = None
    """Why it failed or was skipped: one line."""
    warnings: int = 0
    """Warning diagnostics of its records."""
    outputs: list[str] = field(default_factory=list)
    """Its JSON files, relative to the output folder (several for a bound volume)."""
    bulletins: list[str] = field(default_factory=list)
    """Keys of the issues it holds in the archive."""
    sha256: Optional[str] = None
    seconds: Optional[float] = None
    """Conversion time in the worker."""
    note: Optional[str] = None


@dataclass
class Report:
    """Every input of a batch with its status; `summary()` is the one line the CLI prints."""

    out: str
    db: str
    entries: list[Entry] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1
    issues: int = 0
    """Issues (bulletins rows) in the archive after the batch."""
    articles: int = 0
    """Rows of articles.jsonl (articles of the kept record of every issue in the archive)."""

    def having(self, status: str) -> list[Entry]:
        return [e for e in self.entries if e.status == status]

    @property
    def converted(self) -> list[Entry]:
        return self.having("ok")

    @property
    def unchanged(self) -> list[Entry]:
        return self.having("unchanged")

    @property
    def skipped(self) -> list[Entry]:
        return self.having("skipped")

    @property
    def failed(self) -> list[Entry]:
        return self.having("failed")

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return not self.failed

    @property
    def warnings(self) -> int:
        return sum(e.warnings for e in self.entries if e.status in ("ok", "unchanged"))

    @property
    def files_per_second(self) -> float:
        done = len(self.converted) + len(self.failed)
        return done / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        issues = f"{self.issues} issue{'' if self.issues == 1 else 's'}"
        articles = f"{self.articles} article{'' if self.articles == 1 else 's'}"
        return (f"{len(self.converted)} converted, {len(self.unchanged)} unchanged, {len(self.failed)} failed, "
                f"{len(self.skipped)} skipped, {self.warnings} warnings; {issues}, {articles} in the archive; "
                f"{self.seconds:.1f} s ({self.files_per_second:.1f} files/s)")

    def to_dict(self) -> dict[str, Any]:
        return {"out": self.out, "db": self.db, "parser_version": __version__, "jobs": self.jobs,
                "seconds": round(self.seconds, 3),
                "counts": {s: len(self.having(s)) for s in STATUSES} | {"warnings": self.warnings},
                "issues": self.issues, "articles": self.articles,
                "inputs": [{k: printable(v) if isinstance(v, str) else v for k, v in asdict(e).items() if v is not None}
                           for e in self.entries]}

    def to_json(self, indent: Optional[int] = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def sha256_file(path: str, max_bytes: int = ParseSettings.max_bytes) -> str:
    """SHA-256 of the regular file `path`; `InputError` for anything else (a FIFO, a device) or a file
    over `max_bytes` (read no further than that: the size a file reports is not trusted)."""
    return hashlib.sha256(read_file_limited(path, max_bytes)).hexdigest()


def _key(path: str) -> str:
    """How the archive knows an input: its path, with bytes that are not UTF-8 and control characters
    escaped (SQLite holds only valid UTF-8; a name holding a newline stays one line)."""
    return printable(path)


def _failed(task: dict[str, Any], reason: str, *, timeout: bool = False) -> dict[str, Any]:
    return {"path": task["path"], "status": "failed", "records": [], "sha256": None, "reason": reason,
            "warnings": 0, "errors": 0, "seconds": None, "timeout": timeout}


def _grace(timeout: float) -> float:
    """Time a worker is given past `timeout` (its own alarm) before the batch kills it."""
    return min(max(2.0, timeout * 0.25), 30.0)


# --- running the tasks ------------------------------------------------------------------------

def _kill_workers(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "kill_workers", None)  # Python 3.14+
    if callable(terminate):
        try:
            terminate()
            return
        except Exception:  # pragma: no cover
            pass
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.kill()
        except Exception:  # pragma: no cover - already gone
            pass


def run_in_pool(tasks: Iterator[dict[str, Any]], on_result: Callable[[dict, dict], None], *, jobs: int,
                timeout: Optional[float], enrich: bool) -> None:
    """Convert `tasks` in our own process pool, `jobs` at a time.

    A worker that runs past `timeout` (its own alarm did not stop it) is killed with its pool; a
    worker that dies breaks the pool: either way the pool is recreated and the tasks that were in
    flight are run again (after a crash, one at a time, so the input that kills a worker is named).
    """
    hard = None if not timeout else timeout + _grace(timeout)
    source = iter(tasks)
    exhausted = False
    pending: collections.deque[tuple[dict, bool]] = collections.deque()  # (task, suspect) to run first
    inflight: dict[Future, tuple[dict, Optional[float], bool]] = {}
    pool: Optional[ProcessPoolExecutor] = None
    warmed = False

    def new_pool() -> ProcessPoolExecutor:
        nonlocal warmed
        if not warmed:  # only once there is something to convert
            warmed = True
            warm_parent(enrich)
        return ProcessPoolExecutor(max_workers=jobs, initializer=init_worker, initargs=(enrich,))

    def fill() -> bool:
        """Submit tasks until the window is full; False when the pool turned out broken."""
        nonlocal pool, exhausted
        while True:
            solo = any(s for _, s in pending) or any(s for _, _, s in inflight.values())
            if len(inflight) >= (1 if solo else jobs):
                return True
            if pending:
                task, suspect = pending.popleft()
            elif not exhausted:
                try:
                    task, suspect = next(source), False
                except StopIteration:
                    exhausted = True
                    continue
            else:
                return True
            if solo and not suspect and any(s for _, s in pending):
                pending.append((task, suspect))
                continue
            fresh = pool is None
            if pool is None:
                pool = new_pool()
            if fresh:
                # the first submit forks the workers: objects frozen now are never touched by their
                # collector, so the pages they sit on stay shared with this process (copy-on-write)
                gc.collect()
                gc.freeze()
            try:
                fut = pool.submit(convert_task, task)
            except BrokenProcessPool:
                pending.appendleft((task, suspect))
                return False
            finally:
                if fresh:
                    gc.unfreeze()
            inflight[fut] = (task, time.monotonic() + hard if hard else None, suspect)

    try:
        while True:
            broken = not fill()
            if not inflight and not broken:
                break
            finished: list[tuple[dict, dict]] = []
            if inflight:
                deadlines = [d for _, d, _ in inflight.values() if d is not None]
                wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
                done, _ = wait(list(inflight), timeout=wait_for, return_when=FIRST_COMPLETED)
                for fut in done:
                    try:
                        res = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    except Exception as e:  # e.g. a result that cannot be pickled
                        task = inflight.pop(fut)[0]
                        finished.append((task, _failed(task, f"internal error ({type(e).__name__}: {e})")))
                        continue
                    finished.append((inflight.pop(fut)[0], res))
            if finished and not broken:
                broken = not fill()  # keep the workers busy while this process writes the results
            for task, res in finished:
                on_result(task, res)
            killed: list[dict] = []
            if not broken:
                now = time.monotonic()
                for fut, (task, deadline, _) in list(inflight.items()):
                    if deadline is not None and deadline <= now and not fut.done():
                        del inflight[fut]
                        killed.append(task)
                if killed:
                    assert pool is not None
                    _kill_workers(pool)
                    broken = True
            if broken:
                victims = list(inflight.values())
                inflight.clear()
                if pool is not None:
                    pool.shutdown(wait=False, cancel_futures=True)
                pool = None
                for task in killed:
                    on_result(task, _failed(task, f"timed out after {timeout:g} s (worker killed)", timeout=True))
                if killed:  # we killed the pool: the others in flight did nothing wrong
                    for task, _, suspect in reversed(victims):
                        pending.appendleft((task, suspect))
                elif len(victims) == 1:
                    task = victims[0][0]
                    on_result(task, _failed(task, "the worker process died while converting it "
                                                  "(crash or out of memory)"))
                else:  # one of them killed its worker: run each alone to find which
                    for task, _, _ in reversed(victims):
                        pending.appendleft((task, True))
    except BaseException:
        if pool is not None:
            _kill_workers(pool)
            pool.shutdown(wait=False, cancel_futures=True)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True)


def run_in_executor(tasks: Iterator[dict[str, Any]], on_result: Callable[[dict, dict], None], *, executor: Executor,
                    window: int, timeout: Optional[float]) -> None:
    """Convert `tasks` in the caller's executor, `window` at a time.

    A task past its time is reported failed and left behind (an executor gives no way to stop it);
    an exception from the executor fails that task only.
    """
    hard = None if not timeout else timeout + _grace(timeout)
    source = iter(tasks)
    inflight: dict[Future, tuple[dict, Optional[float]]] = {}
    exhausted = False

    def fill() -> None:
        nonlocal exhausted
        while not exhausted and len(inflight) < window:
            try:
                task = next(source)
            except StopIteration:
                exhausted = True
                break
            try:
                fut = executor.submit(convert_task, task)
            except Exception as e:
                on_result(task, _failed(task, f"the executor did not take the task ({type(e).__name__}: {e})"))
                continue
            inflight[fut] = (task, time.monotonic() + hard if hard else None)

    while True:
        fill()
        if not inflight:
            break
        deadlines = [d for _, d in inflight.values() if d is not None]
        wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        done, _ = wait(list(inflight), timeout=wait_for, return_when=FIRST_COMPLETED)
        finished = []
        for fut in done:
            task = inflight.pop(fut)[0]
            try:
                res = fut.result()
            except Exception as e:
                res = _failed(task, f"the executor failed ({type(e).__name__}: {e})")
            finished.append((task, res))
        fill()  # keep the executor busy while this process writes the results
        for task, res in finished:
            on_result(task, res)
        now = time.monotonic()
        for fut, (task, deadline) in list(inflight.items()):
            if deadline is not None and deadline <= now and not fut.done():
                del inflight[fut]
                fut.cancel()
                on_result(task, _failed(task, f"timed out after {timeout:g} s (left running in the executor)",
                                        timeout=True))


# --- the batch --------------------------------------------------------------------------------

class _Batch:
    def __init__(self, items: list[Item], out: Path, store: Store, *, force: bool, enrich: bool,
                 timeout: Optional[float], password: Optional[str], send_data: bool, bar: Any,
                 limits: Optional[dict[str, int]] = None) -> None:
        self.items = items
        self.out = out
        self.store = store
        self.force = force
        self.enrich = enrich
        self.timeout = timeout
        self.password = password
        self.limits = dict(limits or {})
        self.send_data = send_data
        self.bar = bar
        self.options = json.dumps({"enrich": enrich, **({"ocr": self.limits["ocr"]} if "ocr" in self.limits else {})},
                                  sort_keys=True)
        self.faults = os.environ.get(FAULTS_ENV) or None
        self.entries: list[Optional[Entry]] = [None] * len(items)

    def _rel_out(self, path: Optional[str]) -> Optional[str]:
        if not path:
            return None
        return Path(os.path.relpath(path, self.out)).as_posix()

    def _set(self, idx: int, entry: Entry) -> None:
        self.entries[idx] = entry
        if entry.status != "skipped" and self.items[idx].kind is not None:
            self.bar.update(1)
            if entry.status == "failed":
                self.bar.set_postfix_str(f"{sum(1 for e in self.entries if e and e.status == 'failed')} failed")

    def tasks(self) -> Iterator[dict[str, Any]]:
        for idx, item in enumerate(self.items):
            base = Entry(item.path, item.rel, "failed", kind=item.kind, note=item.note)
            if item.problem:
                base.reason = item.problem
                self._set(idx, base)
                continue
            if item.skip or item.kind is None:
                base.status, base.reason = "skipped", item.skip or f"not a {', '.join(sorted(KINDS))} file"
                self._set(idx, base)
                continue
            try:
                sha = sha256_file(item.path, self.limits.get("max_bytes", ParseSettings.max_bytes))
            except InputError as e:
                base.reason = e.message
                self._set(idx, base)
                continue
            base.sha256 = sha
            if not self.force:
                rows = self.store.unchanged(_key(item.path), sha, __version__, self.options)
                if rows is not None:
                    try:
                        expected = [str(output_path(self.out, item.rel, r.part)) for r in rows]
                    except ValueError:
                        expected = []
                    if expected and [r.output for r in rows] == expected and all(os.path.isfile(p) for p in expected):
                        base.status = "unchanged"
                        base.warnings = sum(r.warnings for r in rows)
                        base.outputs = [self._rel_out(p) or "" for p in expected]
                        base.bulletins = self.store.keys_of(_key(item.path))
                        self._set(idx, base)
                        continue
            task: dict[str, Any] = {"index": idx, "path": item.path, "name": printable(os.path.basename(item.path)),
                                    "kind": item.kind, "enrich": self.enrich, "timeout": self.timeout,
                                    "password": self.password, "sha256": sha, "limits": self.limits}
            if self.faults:
                task["faults"] = self.faults
            if self.send_data:
                try:
                    task["data"] = read_file_limited(item.path, self.limits.get("max_bytes", ParseSettings.max_bytes))
                except InputError as e:
                    base.reason = e.message
                    self._set(idx, base)
                    continue
            yield task

    def on_result(self, task: dict[str, Any], res: dict[str, Any]) -> None:
        idx = task["index"]
        item = self.items[idx]
        entry = Entry(item.path, item.rel, "failed", kind=item.kind, sha256=res.get("sha256") or task.get("sha256"),
                      seconds=round(res["seconds"], 3) if res.get("seconds") is not None else None, note=item.note)
        old = self.store.sources_of(_key(item.path))
        if res.get("status") == "ok" and res.get("records"):
            records: list[str] = res["records"]
            try:
                targets = [output_path(self.out, item.rel, k) for k in range(1, len(records) + 1)]
                for target, record in zip(targets, records):
                    atomic_write_text(target, record + "\n")
                new = {str(t) for t in targets}
                for row in old:  # files of issues the input no longer holds
                    if row.output and row.output not in new:
                        self._unlink_output(row.output)
                keys = self.store.replace_source(_key(item.path), item.rel, records, [str(t) for t in targets],
                                                 self.options)
            except OSError as e:
                err = output_error(e, e.filename or self.out)
                if err.whole_folder:  # a full disk, a read-only folder: no later input can be written either
                    raise err from None
                entry.reason = printable(err.message)
                self._set(idx, entry)
                return
            except ValueError as e:
                entry.reason = f"cannot write its output ({printable(e)})"
                self._set(idx, entry)
                return
            except sqlite3.Error as e:
                raise archive_damaged(e, self.store.path) from None
            entry.status = "ok"
            entry.kind = res.get("kind") or item.kind  # a .txt may hold a PDF
            entry.warnings = int(res.get("warnings") or 0)
            entry.outputs = [self._rel_out(str(t)) or "" for t in targets]
            entry.bulletins = keys
            self._set(idx, entry)
            return
        entry.reason = res.get("reason") or "no record"
        # the archive must not keep what the input held before it changed
        if old and entry.sha256 and any(r.sha256 != entry.sha256 for r in old):
            try:
                for row in old:
                    if row.output:
                        self._unlink_output(row.output)
                self.store.remove_source(_key(item.path))
            except (OSError, sqlite3.Error):
                pass
        self._set(idx, entry)

    def _unlink_output(self, path: str) -> None:
        real, root = os.path.realpath(path), os.path.realpath(self.out)
        if real.startswith(root + os.sep) and real.endswith(".json"):
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass


def _progress_bar(enabled: bool, total: int) -> Any:
    from tqdm import tqdm

    class Bar(tqdm):
        monitor_interval = 0  # no monitor thread: the worker processes are forked after the bar exists

    return Bar(total=total, disable=not (enabled and sys.stderr.isatty()), file=sys.stderr, unit="file",
               dynamic_ncols=True, smoothing=0.05, leave=False)


def convert(inputs: str | os.PathLike | Sequence[str | os.PathLike], out: str | os.PathLike,
            db: str | os.PathLike | None = None, jobs: Optional[int] = None, executor: Optional[Executor] = None,
            force: bool = False, timeout: Optional[float] = 120, progress: bool = False, enrich: bool = True,
            password: Optional[str] = None, send_data: bool = False, max_bytes: Optional[int] = None,
            max_pages: Optional[int] = None, engine: Optional[str] = None,
            ocr: Optional[str] = None, follow_links: bool = False) -> Report:
    """Convert files, folders (recursive) and globs into `out` and the archive; return the `Report`.

    - `out`: the output folder: `<name>.json` per input (`<name>.2.json`, ... for the later issues
      of a bound volume), `articles.jsonl`, `report.json`, and `archive.sqlite` unless `db` is given.
    - `jobs`: worker processes (default `os.cpu_count()`); with `executor`, the number of tasks
      handed to it at a time (default its `_max_workers`, else the CPU count).
    - `executor`: any `concurrent.futures.Executor` (a thread pool, Dask's `Client.get_executor()`...):
      conversions run there; files and the archive are written here. `send_data=True` ships the bytes
      of each file with its task, for workers that cannot see the files.
    - `force`: convert inputs even when unchanged since the last batch.
    - `timeout`: seconds one input may take (None: no limit); past it the input is failed.
    - `progress`: a tqdm bar on stderr (only when stderr is a terminal).
    - `enrich`: fill people, organisations, places, dates and keywords (jieba).
    - `max_bytes`, `max_pages`: limits for untrusted files (defaults of `ParseSettings`); an input
      over a limit is failed with a message naming the setting.
    - `engine`: PDF character engine, "pdfium" (default) or "pdfplumber" (see `ParseSettings.engine`).
    - `ocr`: when to read pages by OCR ("auto", "always", "never"; default of `ParseSettings`).
    - `follow_links`: read symbolic links found in an input folder that lead out of it (by default they
      are skipped, as are FIFOs and devices: only regular files are read).

    Raises `OutputError` when the output cannot be written at all (full disk, read-only folder) and
    `ArchiveError` for an archive that cannot be used: what was written before stays, and the same
    call after the cause is fixed completes the job.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise SettingsError(f"jobs must be a positive integer, not {jobs!r}")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0):
        raise SettingsError(f"timeout must be a positive number of seconds, not {timeout!r}")
    started = time.monotonic()
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise SettingsError("the output folder is a file: remove it or give another --out", file=str(out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise output_error(e, out_dir, what="cannot create the output folder") from None
    out_dir = Path(os.path.abspath(out_dir))
    db_path = Path(os.path.abspath(db)) if db else out_dir / DEFAULT_DB
    store = Store(db_path)
    try:
        remove_stale_temps(out_dir, store.output_folders())
        items = collect(list(inputs), exclude=[out_dir, db_path, f"{db_path}-wal", f"{db_path}-shm",
                                               f"{db_path}-journal"], follow_links=follow_links)
        candidates = sum(1 for it in items if it.kind is not None)
        if executor is None:
            n_jobs = jobs or os.cpu_count() or 1
            n_jobs = max(1, min(n_jobs, candidates or 1))
        else:
            n_jobs = jobs or getattr(executor, "_max_workers", None) or os.cpu_count() or 1
        bar = _progress_bar(progress, candidates)
        limits = {k: v for k, v in (("max_bytes", max_bytes), ("max_pages", max_pages), ("engine", engine),
                                                ("ocr", ocr))
                  if v is not None}
        batch = _Batch(items, out_dir, store, force=force, enrich=enrich, timeout=timeout, password=password,
                       send_data=send_data, bar=bar, limits=limits)
        try:
            if executor is None:
                run_in_pool(batch.tasks(), batch.on_result, jobs=n_jobs, timeout=timeout, enrich=enrich)
            else:
                run_in_executor(batch.tasks(), batch.on_result, executor=executor, window=n_jobs, timeout=timeout)
        finally:
            bar.close()
        try:
            articles = write_jsonl(out_dir / ARTICLES_JSONL, store.article_rows(relative_to=out_dir))
            issues = store.conn.execute("SELECT count(*) FROM bulletins").fetchone()[0]
            report = Report(str(out_dir), str(db_path), [e for e in batch.entries if e is not None],
                            seconds=time.monotonic() - started, jobs=n_jobs, issues=issues, articles=articles)
            atomic_write_text(out_dir / REPORT_JSON, report.to_json() + "\n")
        except OSError as e:
            raise output_error(e, e.filename or out_dir) from None
        return report
    except sqlite3.Error as e:
        raise archive_damaged(e, db_path) from None
    finally:
        store.close()
