"""CITATION.cff holds what the Citation File Format 1.2.0 requires, and agrees with the package."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

import framing

ROOT = Path(__file__).resolve().parent.parent


def _cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _check_person(who: dict, where: str) -> None:
    assert isinstance(who, dict), where
    # a person has family-names, an entity a name (CFF 1.2.0 'person' and 'entity')
    assert who.get("family-names") or who.get("name"), f"{where}: no family-names or name"
    for key, value in who.items():
        assert isinstance(value, str) and value.strip(), f"{where}: {key} must be a non-empty string"


def test_required_keys_and_types():
    cff = _cff()
    for key in ("cff-version", "message", "title", "authors"):
        assert key in cff, f"CITATION.cff lacks the required key {key!r}"
    assert cff["cff-version"] == "1.2.0"
    assert isinstance(cff["message"], str) and isinstance(cff["title"], str)
    assert cff.get("type", "software") in ("software", "dataset")
    assert isinstance(cff["authors"], list) and cff["authors"]
    for k, who in enumerate(cff["authors"]):
        _check_person(who, f"authors[{k}]")
    released = cff.get("date-released")
    assert released is None or dt.date.fromisoformat(str(released))


def test_version_and_licence_match_the_package():
    cff = _cff()
    assert str(cff["version"]) == framing.__version__
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^license = "' + re.escape(cff["license"]) + '"$', pyproject, re.M)
    assert re.search(r'^version = "' + re.escape(framing.__version__) + '"$', pyproject, re.M)


def test_references_are_complete():
    for k, ref in enumerate(_cff().get("references", [])):
        assert ref.get("type") and ref.get("title"), f"references[{k}]"
        assert ref.get("authors"), f"references[{k}] has no authors"
        for j, who in enumerate(ref["authors"]):
            _check_person(who, f"references[{k}].authors[{j}]")
        if "doi" in ref:
            assert re.fullmatch(r"10\.\d{4,9}/\S+", str(ref["doi"])), ref["doi"]
