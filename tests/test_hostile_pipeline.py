"""The ingest goes on when one document takes too long to clean: it is reported as a failure."""
import signal
import time

import pytest

from parallax import pipeline
from parallax.clean import clean_document

STORY = ("Harbour reopens\n"
         "The harbour of Veltmark reopened on Monday after the storm, officials said in a statement.\n"
         "Ships queued for two days before the channel was cleared, the port authority said.\n")


def write_inputs(folder, names):
    for name in names:
        (folder / name).write_text(STORY.replace("Veltmark", name.split(".")[0]), encoding="utf-8")
    return [folder / name for name in names]


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM time limits need POSIX")
def test_slow_document_is_reported_and_the_run_goes_on(tmp_path, monkeypatch):
    paths = write_inputs(tmp_path, ["alpha.txt", "slow.txt", "gamma.txt"])

    def slow_on_one(raw, memory=None):
        if raw.uri.endswith("slow.txt"):
            while True:           # a cleaner stuck in a loop; only the time limit ends it
                time.sleep(0.01)
        return clean_document(raw, memory)

    monkeypatch.setattr(pipeline, "clean_document", slow_on_one)
    report = pipeline.IngestReport()
    started = time.monotonic()
    articles = list(pipeline.clean_inputs(paths, report, clean_time_limit=0.2))
    assert time.monotonic() - started < 10
    assert sorted(a.uri.rsplit("/", 1)[-1] for a in articles) == ["alpha.txt", "gamma.txt"]
    assert [(p.uri.rsplit("/", 1)[-1], p.stage) for p in report.failures] == [("slow.txt", "clean")]
    assert "longer than 0.2 s" in report.failures[0].reason
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)      # the timer is disarmed afterwards


def test_limit_is_not_swallowed_by_a_broad_except(tmp_path, monkeypatch):
    paths = write_inputs(tmp_path, ["slow.txt"])

    def swallowing(raw, memory=None):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                time.sleep(0.01)
            except Exception:      # what library fallbacks do; the time limit must pass through
                pass
        return clean_document(raw, memory)

    monkeypatch.setattr(pipeline, "clean_document", swallowing)
    report = pipeline.IngestReport()
    started = time.monotonic()
    assert list(pipeline.clean_inputs(paths, report, clean_time_limit=0.2)) == []
    assert time.monotonic() - started < 3
    assert "longer than" in report.failures[0].reason


def test_previous_alarm_handler_is_restored(tmp_path):
    paths = write_inputs(tmp_path, ["alpha.txt"])
    before = signal.getsignal(signal.SIGALRM)
    report = pipeline.IngestReport()
    assert len(list(pipeline.clean_inputs(paths, report, clean_time_limit=5))) == 1
    assert signal.getsignal(signal.SIGALRM) is before
    assert report.failures == []


def test_outside_the_main_thread_cleaning_runs_without_a_limit(tmp_path):
    import threading

    paths = write_inputs(tmp_path, ["alpha.txt"])
    results = []
    worker = threading.Thread(target=lambda: results.extend(
        pipeline.clean_inputs(paths, pipeline.IngestReport(), clean_time_limit=0.5)))
    worker.start()
    worker.join(30)
    assert len(results) == 1
