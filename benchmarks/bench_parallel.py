"""Out-of-core slogan and token counts: one process, two processes, a Dask LocalCluster.

The benchmark writes UNGDC ten times over (``doc_id`` suffixed ``~0`` ...
``~9``) as a Parquet dataset partitioned by year in ``benchmarks/_work/``,
then counts the slogans of the shipped lexicon per year
(:func:`framing.count_matches`) and the tokens per year
(:func:`framing.document_tokens`) of ``framing.read_parquet(dataset,
stream=True)``:

* ``serial``: one process reading the dataset batch after batch;
* ``processes``: ``backend="processes", n_workers=2``;
* ``dask``: a ``distributed.LocalCluster(n_workers=2, threads_per_worker=1)``
  (started before the clock starts; its start-up time is reported apart).

Each run is a fresh Python process, so that its peak resident memory
(``resource.getrusage``: the driver, and the largest worker) is its own.
Every run's result is compared with the serial one (they must be equal row
for row). Throughput is UTF-8 text megabytes per second of wall time.

Usage::

    python benchmarks/bench_parallel.py [--copies 10] [--repeat 2] [--rebuild]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work" / "parallel"
DATASET = WORK / "ungdc_x10"
MANIFEST = WORK / "manifest.json"


def _hwm_mb(pid: int | str = "self") -> float:
    """Peak resident set size (``VmHWM``) of a live process, in MB."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0 if pid == "self" else 0.0


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    kids = [int(k) for k in fh.read().split()]
                out += kids
                todo += kids
        except OSError:
            continue
    return out


class _WorkerMemory:
    """Sample the peak RSS of every descendant process while a run goes on."""

    def __init__(self, interval: float = 0.2):
        import threading

        self.peaks: dict[int, float] = {}
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            for pid in _descendants(me):
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), _hwm_mb(pid))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def peak(self) -> float:
        return max(self.peaks.values(), default=float("nan"))


# --------------------------------------------------------------------------
# Building the dataset
# --------------------------------------------------------------------------


def build(copies: int) -> dict:
    import shutil

    from framing import Corpus, load_corpus
    from framing.parallel import write_dataset

    if DATASET.exists():
        shutil.rmtree(DATASET)
    DATASET.mkdir(parents=True)
    corpus = load_corpus("ungdc")
    text_bytes = int(sum(len(t.encode("utf-8")) for t in corpus.texts))
    for k in range(copies):
        docs = corpus.docs.copy()
        docs["doc_id"] = docs["doc_id"] + f"~{k}"
        write_dataset(
            Corpus(docs, _validated=True),
            DATASET,
            partition_cols=["year"],
            basename_template=f"copy{k}-{{i}}.parquet",
        )
        del docs
    files = list(DATASET.rglob("*.parquet"))
    manifest = {
        "copies": copies,
        "documents": len(corpus) * copies,
        "text_bytes": text_bytes * copies,
        "files": len(files),
        "disk_bytes": int(sum(f.stat().st_size for f in files)),
    }
    MANIFEST.write_text(json.dumps(manifest, indent=1))
    return manifest


# --------------------------------------------------------------------------
# One measured run (in its own process)
# --------------------------------------------------------------------------


def _digest(frame) -> str:
    import pandas as pd

    return hashlib.sha256(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()).hexdigest()


def run_one(task: str, mode: str) -> dict:
    from framing import count_matches, document_tokens, parallel_backend, read_parquet

    def call(**run):
        data = read_parquet(DATASET, stream=True)
        if task == "slogans":
            return count_matches(data, "slogans", by="year", **run)
        return document_tokens(data, by="year", **run)

    out: dict = {"task": task, "mode": mode, "load_before": os.getloadavg()[0]}
    client = cluster = None
    if mode == "dask":
        from distributed import Client, LocalCluster

        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
        client.wait_for_workers(2)
        out["startup_s"] = time.perf_counter() - t0

    def cpu(who=resource.RUSAGE_SELF) -> float:
        r = resource.getrusage(who)
        return r.ru_utime + r.ru_stime

    def dask_cpu() -> float:
        return sum(client.run(cpu).values()) if client is not None else 0.0

    cpu0 = cpu() + cpu(resource.RUSAGE_CHILDREN) + dask_cpu()
    with _WorkerMemory() as workers:
        t0 = time.perf_counter()
        if mode == "serial":
            result = call(backend="serial")
        elif mode == "processes":
            result = call(backend="processes", n_workers=2)
        else:
            with parallel_backend("dask", client=client):
                result = call()
        out["seconds"] = time.perf_counter() - t0
    out["cpu_s"] = cpu() + cpu(resource.RUSAGE_CHILDREN) + dask_cpu() - cpu0
    out["driver_rss_mb"] = _hwm_mb()
    if mode != "serial":
        out["worker_rss_mb"] = workers.peak
    if mode == "dask":
        client.close()
        cluster.close()
    out["rows"] = len(result)
    out["digest"] = _digest(result)
    out["load_after"] = os.getloadavg()[0]
    return out


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def _spawn(task: str, mode: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--run", task, mode],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{task}/{mode} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--tasks", default="slogans,tokens")
    ap.add_argument("--run", nargs=2, metavar=("TASK", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        print(json.dumps(run_one(*args.run)))
        return

    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else None
    if args.rebuild or manifest is None or manifest["copies"] != args.copies:
        t0 = time.perf_counter()
        manifest = build(args.copies)
        print(f"built {DATASET} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    mb = manifest["text_bytes"] / 1e6
    print(
        f"dataset: UNGDC x{manifest['copies']}, {manifest['documents']:,} documents, "
        f"{mb:,.0f} MB of text, {manifest['disk_bytes'] / 1e6:,.0f} MB on disk in "
        f"{manifest['files']} files; {os.cpu_count()} CPUs",
        file=sys.stderr,
    )
    runs = []
    for rep in range(args.repeat):
        for task in args.tasks.split(","):
            for mode in ("serial", "processes", "dask"):
                r = _spawn(task, mode)
                r["repeat"] = rep
                runs.append(r)
                print(
                    f"  {task:8s} {mode:9s} {r['seconds']:7.1f} s  cpu {r['cpu_s']:7.1f} s  "
                    f"load {r['load_before']:.2f}-{r['load_after']:.2f}",
                    file=sys.stderr,
                )
    rows = []
    for task in args.tasks.split(","):
        mine = [r for r in runs if r["task"] == task]
        digests = {r["digest"] for r in mine}
        best = {
            m: min((r for r in mine if r["mode"] == m), key=lambda r: r["seconds"])
            for m in ("serial", "processes", "dask")
        }
        base = best["serial"]["seconds"]
        for m in ("serial", "processes", "dask"):
            r = best[m]
            times = ", ".join(f"{x['seconds']:.1f}" for x in mine if x["mode"] == m)
            rows.append(
                f"| {task} | {m} | {1 if m == 'serial' else 2} | {times} | {mb / r['seconds']:.1f} "
                f"| {base / r['seconds']:.2f}x | {r['driver_rss_mb']:.0f} "
                f"| {r.get('worker_rss_mb', float('nan')):.0f} "
                f"| {r['cpu_s']:.0f} | {r['load_before']:.2f} | {'yes' if len(digests) == 1 else 'NO'} |"
            )
    print(
        "| task | backend | processes | wall s (runs) | MB/s (best) | speed-up vs serial "
        "| driver peak RSS MB | worker peak RSS MB | CPU s (all processes) "
        "| load avg (1 min) at start | same result |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    starts = [r["startup_s"] for r in runs if "startup_s" in r]
    if starts:
        print(f"\nDask LocalCluster start-up (not in the times above): {min(starts):.1f}-{max(starts):.1f} s")


if __name__ == "__main__":
    main()
