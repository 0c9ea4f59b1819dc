"""Shared by the scale benchmarks: a corpus of real news built outside the repository, and
measuring a command's wall time and peak RSS (the whole process tree, workers included)."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear" / "train" / "text"


def polnear_texts() -> list[Path]:
    files = sorted(POLNEAR.glob("*.txt"))
    if not files:
        sys.exit(f"{POLNEAR} is absent: the benchmarks read real news from ../shared")
    return files


def build_corpus(dest: Path, n: int, max_chars: int | None = None) -> Path:
    """`n` article files made by repeating the PolNeAR texts. Copy k>0 of a text marks every line
    with "(k)": the store keeps one article per distinct text, and the cleaner treats lines seen in
    earlier documents as site furniture, so verbatim copies would be skipped, not measured."""
    sources = polnear_texts()
    dest.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = sources[i % len(sources)]
        copy = i // len(sources)
        text = src.read_text(encoding="utf-8")
        if max_chars:
            text = text[:text.rfind("\n", 0, max_chars) if "\n" in text[:max_chars] else max_chars]
        if copy:
            text = "\n".join(f"{line} ({copy})" if line.strip() else line for line in text.split("\n"))
        (dest / f"{i:06d}_{src.name}").write_text(text, encoding="utf-8")
    return dest


def corpus_words(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in folder.iterdir())


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, int, str]:
    """Run `cmd`; return (seconds, peak RSS in bytes of it and all its descendants, stdout)."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                tree = [parent, *parent.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode not in (0, 3):   # 3: some inputs failed (reported), the run completed
        sys.exit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return time.monotonic() - started, peak, out


def machine_load() -> str:
    one, five, _ = psutil.getloadavg()
    return f"{psutil.cpu_count()} cores, load average {one:.1f} (1 min) {five:.1f} (5 min)"
