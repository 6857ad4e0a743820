"""Run one parse under a time limit: in a forked child process that is killed past the limit.

The child gets the work by fork (nothing is pickled on the way in) and sends back the result or the
`KexieParseError` it raised; the parent waits at most `timeout` seconds. Where fork is unavailable the
work runs here under a SIGALRM timer (main thread) or, failing that, without a limit.
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
from typing import Any, Callable, Optional, TypeVar

from .errors import KexieParseError, ParseTimeoutError

T = TypeVar("T")

CHILD_EXIT_GRACE_SECONDS = 5.0
"""Seconds the parent waits for a child that sent its result to exit before it is killed."""


class ParserCrashError(KexieParseError):
    """The parser failed unexpectedly (a bug) or its process died (out of memory, killed)."""


def _timeout_error(timeout: float, file: Optional[str]) -> ParseTimeoutError:
    return ParseTimeoutError(f"parsing took longer than the time limit of {timeout:g} s (--timeout) and was "
                             f"stopped: the file is very large or hostile; raise --timeout to give it more time",
                             file=file)


def _child(send: Any, work: Callable[[], Any]) -> None:
    try:  # Linux: die with the parent, even when it is killed
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # pragma: no cover - other systems
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's
    try:
        message: tuple = ("ok", work())
    except KexieParseError as e:
        message = ("error", e)
    except BaseException as e:  # a bug: one line for the user, never a traceback
        first = str(e).splitlines()[0] if str(e) else ""
        message = ("crash", f"{type(e).__name__}{': ' + first if first else ''}")
    try:
        send.send(message)
    except Exception as e:  # the result cannot be pickled
        send.send(("crash", f"the result could not be sent back ({type(e).__name__})"))
    finally:
        send.close()


def _in_forked_child(work: Callable[[], T], timeout: float, file: Optional[str]) -> T:
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, work), daemon=True)
    proc.start()
    send.close()
    received = False
    try:
        if not recv.poll(timeout):
            raise _timeout_error(timeout, file)
        try:
            kind, value = recv.recv()
            received = True
        except EOFError:
            proc.join(CHILD_EXIT_GRACE_SECONDS)
            raise ParserCrashError(f"the parser process died (exit status {proc.exitcode}): out of memory or killed; "
                                   f"check the file, or free memory and try again", file=file) from None
    finally:
        recv.close()
        proc.join(CHILD_EXIT_GRACE_SECONDS if received else 0)
        if proc.is_alive():
            proc.kill()
            proc.join(CHILD_EXIT_GRACE_SECONDS)
    if kind == "ok":
        return value
    if kind == "error":
        raise value
    raise ParserCrashError(f"internal error ({value}): please report it with the file", file=file)


def _under_alarm(work: Callable[[], T], timeout: float, file: Optional[str]) -> T:
    class _Expired(BaseException):
        pass

    def on_alarm(signum, frame):  # noqa: ARG001
        raise _Expired()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return work()
    except _Expired:
        raise _timeout_error(timeout, file) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run_with_timeout(work: Callable[[], T], timeout: Optional[float], *, file: Optional[str] = None) -> T:
    """`work()`, stopped with `ParseTimeoutError` (naming the limit and `file`) after `timeout` seconds."""
    if not timeout:
        return work()
    if "fork" in multiprocessing.get_all_start_methods():
        return _in_forked_child(work, timeout, file)
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        return _under_alarm(work, timeout, file)
    return work()  # pragma: no cover - no way to stop it here
