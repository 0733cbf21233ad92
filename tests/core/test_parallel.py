import os
import signal

from dossier import parallel


def test_workers_leave_ctrl_c_to_the_process_that_started_them(monkeypatch):
    """Ctrl-C reaches the whole process group: the workers ignore it and the process
    that started them stops the pool, so the user sees one "interrupted", not a
    traceback per worker."""
    monkeypatch.setattr(parallel, "worker_count", lambda: 2)
    answers = parallel.map_in_workers(
        lambda _: (os.getpid(), signal.getsignal(signal.SIGINT)), 8, min_items=1
    )
    assert os.getpid() not in {pid for pid, _ in answers}
    assert {handler for _, handler in answers} == {signal.SIG_IGN}
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
