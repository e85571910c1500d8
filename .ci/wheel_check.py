"""Build the sdist and wheel, install the wheel in a fresh virtual environment
outside the checkout, and run framing from another folder.

Checks that the installed package imports nothing from the checkout, finds its
shipped lexicons and corpus catalog as package data, and gives the same seed
counts as the checkout (community_shared_future per seed: 3, 1, 0, 2).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {"000": 3, "001": 1, "002": 0, "003": 2}


def run(cmd: list[str], **kw) -> str:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-4000:])
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"failed ({done.returncode}): {' '.join(str(c) for c in cmd)}")
    return done.stdout


def main() -> int:
    data = os.environ.get("FRAMING_DATA") or str((ROOT.parent / "shared" / "corpus").resolve())
    with tempfile.TemporaryDirectory(prefix="framing-wheel-") as tmp:
        tmp = Path(tmp)
        dist = tmp / "dist"
        run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist), str(ROOT)])
        wheels = sorted(dist.glob("framing-*.whl"))
        sdists = sorted(dist.glob("framing-*.tar.gz"))
        if len(wheels) != 1 or len(sdists) != 1:
            raise SystemExit(f"expected one wheel and one sdist, got {sorted(dist.iterdir())}")
        venv = tmp / "venv"
        run([sys.executable, "-m", "venv", str(venv)])
        py = venv / "bin" / "python"
        run([str(py), "-m", "pip", "install", "--quiet", str(wheels[0])])
        work = tmp / "elsewhere"
        work.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["FRAMING_DATA"] = data
        env["FRAMING_CACHE"] = str(tmp / "cache")
        env["MPLBACKEND"] = "Agg"
        check = f"""
import framing, pathlib
where = pathlib.Path(framing.__file__).resolve()
assert str(where).startswith({str(venv)!r}), where
assert not str(where).startswith({str(ROOT)!r}), where
seeds = framing.load_corpus("seeds")
counts = framing.count_matches(seeds, "slogans", by="doc_id")
csf = counts[counts["entry"] == "community_shared_future"].groupby("doc_id")["n"].sum()
got = {{d: int(csf.get(d, 0)) for d in seeds.doc_ids}}
assert got == {EXPECTED!r}, got
print("installed framing", framing.__version__, "from", where.parent, "seed counts", got)
"""
        print(run([str(py), "-c", check], cwd=work, env=env).strip())
        framing_cmd = str(venv / "bin" / "framing")
        run([framing_cmd, "slogans", "seeds", "--out", str(work / "slogans.csv")], cwd=work, env=env)
        out = run([framing_cmd, "kwic", "seeds", "community_shared_future"], cwd=work, env=env)
        if "shared future" not in out:
            raise SystemExit("kwic printed no concordance line")
        run([framing_cmd, "report", "seeds", "--out", str(work / "report")], cwd=work, env=env)
        if not (work / "report" / "index.html").is_file():
            raise SystemExit("the report wrote no index.html")
    print("wheel check passed: sdist and wheel build, installed wheel runs outside the checkout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
