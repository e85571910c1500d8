"""Small corpora of a researcher's own kind, written to files for the tests."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

TOPICS = {
    "trade": "trade tariffs exports imports markets investment growth economy supply chains",
    "health": "health pandemic vaccines hospitals doctors virus outbreak WHO medicine care",
    "security": "security military defence troops missiles sanctions alliance NATO border navy",
    "climate": "climate emissions carbon energy renewable warming floods drought coal solar",
}
SLOGANS = [
    "We stand for win-win cooperation.",
    "Building a community with a shared future for mankind is our goal.",
    "The Belt and Road Initiative brings growth.",
    "",
]
ACTORS = ["The United States", "China", "Russia", "The European Union", "Japan"]
MOODS = [
    "welcomes the good and constructive talks",
    "condemns the dangerous and hostile moves",
    "discussed the plans",
]


def make_records(n: int = 60, seed: int = 0, years=range(2015, 2021)) -> list[dict]:
    rng = random.Random(seed)
    names = list(TOPICS)
    years = list(years)
    out = []
    for i in range(n):
        main = names[i % len(names)]
        year = years[i % len(years)]
        paras = []
        for _ in range(3):
            words = []
            for _ in range(40):
                topic = main if rng.random() < 0.7 else rng.choice(names)
                words.append(rng.choice(TOPICS[topic].split()))
            sentence = " ".join(words)
            paras.append(
                f"{rng.choice(ACTORS)} {rng.choice(MOODS)}. The US and the UN said "
                f"{sentence}. {rng.choice(SLOGANS)} Who knows what comes next for us."
            )
        out.append(
            {
                "doc_id": f"d{i:03d}",
                "text": "\n\n".join(paras),
                "year": year,
                "date": f"{year}-0{1 + i % 9}-1{i % 9}",
            }
        )
    return out


def write_csv_only_text(path: Path, n: int = 60) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["doc_id", "text"])
        w.writeheader()
        for r in make_records(n):
            w.writerow({"doc_id": r["doc_id"], "text": r["text"]})
    return path


def write_jsonl_year(path: Path, n: int = 60) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in make_records(n):
            fh.write(json.dumps({"doc_id": r["doc_id"], "text": r["text"], "year": r["year"]}) + "\n")
    return path


def write_one_txt(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n\n".join(r["text"] for r in make_records(8, seed=3))
    (folder / "speech.txt").write_text(text, encoding="utf-8")
    return folder


def press_conference_records(n: int = 24, seed: int = 1) -> list[dict]:
    """Transcripts with a spokesperson's opening, then Q:/A: turns."""
    rng = random.Random(seed)
    names = list(TOPICS)
    out = []
    for i in range(n):
        year = 2018 + i % 4
        turns = [
            f"Wang Wenbin: Good afternoon. {rng.choice(SLOGANS)} "
            + " ".join(rng.choice(TOPICS[names[i % 4]].split()) for _ in range(30))
            + "."
        ]
        for _ in range(4):
            q = rng.choice(names)
            a = rng.choice(names)
            turns.append(
                f"Q: {rng.choice(ACTORS)} {rng.choice(MOODS)}. What is your comment on "
                + " ".join(rng.choice(TOPICS[q].split()) for _ in range(25))
                + "?"
            )
            turns.append(
                f"A: {rng.choice(SLOGANS)} We oppose the US moves. "
                + " ".join(rng.choice(TOPICS[a].split()) for _ in range(35))
                + "."
            )
        out.append(
            {
                "doc_id": f"pc{i:03d}",
                "date": f"{year}-03-{1 + i % 27:02d}",
                "title": f"Regular press conference {i}",
                "text": "\n".join(turns),
            }
        )
    return out
