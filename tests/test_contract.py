"""Conventions every public name of framing keeps (a contract, in the spirit of
scikit-learn's check_estimator): new code that breaks one fails here."""

from __future__ import annotations

import inspect

import pytest
from matplotlib.figure import Figure

import framing
from framing.errors import FramingError

PUBLIC = sorted(framing.__all__)
CALLABLES = [n for n in PUBLIC if callable(getattr(framing, n)) and not inspect.isclass(getattr(framing, n))]
CLASSES = [n for n in PUBLIC if inspect.isclass(getattr(framing, n))]
PLOTS = [n for n in CALLABLES if n.startswith("plot_")]


def _params(obj) -> dict:
    try:
        return dict(inspect.signature(obj).parameters)
    except (TypeError, ValueError):
        return {}


def _methods(cls):
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_"):
            yield f"{cls.__name__}.{name}", member


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_resolves_and_is_documented(name):
    obj = getattr(framing, name)
    assert obj is not None
    if callable(obj) or inspect.isclass(obj):
        assert (inspect.getdoc(obj) or "").strip(), f"framing.{name} has no docstring"


@pytest.mark.parametrize(
    "name", [n for n in PUBLIC if n not in CLASSES or not issubclass(getattr(framing, n), BaseException)]
)
def test_every_public_function_and_class_has_a_runnable_example(name):
    obj = getattr(framing, name)
    if not (inspect.isfunction(obj) or inspect.isclass(obj)):
        pytest.skip(f"framing.{name} is a value, not a function or class")
    doc = inspect.getdoc(obj) or ""
    assert "Examples" in doc and ">>>" in doc, f"framing.{name} has no Examples section with a doctest"


def test_every_error_is_a_framing_error():
    errors = [getattr(framing, n) for n in CLASSES if issubclass(getattr(framing, n), BaseException)]
    assert framing.FramingError in errors and issubclass(FramingError, ValueError)
    for err in errors:
        assert issubclass(err, FramingError), err
    assert issubclass(framing.MissingColumnError, KeyError)
    assert issubclass(framing.NotFittedError, AttributeError)


def _everything():
    for n in CALLABLES:
        yield f"framing.{n}", getattr(framing, n)
    for n in CLASSES:
        cls = getattr(framing, n)
        if not issubclass(cls, BaseException):
            yield f"framing.{n}", cls
            yield from _methods(cls)


def test_confidence_levels_are_called_conf_level():
    offenders = []
    for where, obj in _everything():
        for p in _params(obj).values():
            if p.name in ("conf", "ci", "confidence", "conf_int"):
                offenders.append(f"{where}({p.name}=)")
            if p.name == "level" and isinstance(p.default, float):
                offenders.append(f"{where}(level={p.default}): a confidence level is conf_level=")
    assert not offenders, offenders


def test_seeds_are_random_state_and_progress_is_off_by_default():
    offenders = []
    for where, obj in _everything():
        params = _params(obj)
        if "seed" in params and "random_state" not in params and where != "framing.train_embeddings":
            offenders.append(f"{where}(seed=)")
        p = params.get("progress")
        if p is not None and p.default not in (False, inspect.Parameter.empty):
            offenders.append(f"{where}(progress={p.default!r})")
    assert not offenders, offenders


@pytest.mark.parametrize("name", PLOTS)
def test_plots_take_ax(name):
    fn = getattr(framing, name)
    assert "ax" in _params(fn), f"framing.{name} takes no ax="


def test_renamed_arguments_still_work_with_a_warning():
    with pytest.warns(FutureWarning, match="conf= is now called conf_level="):
        low, high = framing.poisson_interval([3], conf=0.9)
    ref_low, ref_high = framing.poisson_interval([3], conf_level=0.9)
    assert float(low[0]) == float(ref_low[0]) and float(high[0]) == float(ref_high[0])
    with pytest.raises(TypeError, match="both"):
        framing.poisson_interval([3], conf=0.9, conf_level=0.9)


def test_a_plot_draws_into_the_given_axes():
    import pandas as pd

    rows = pd.DataFrame(
        {
            "doc_id": list("abcd"),
            "actor": ["NATO"] * 4,
            "source": ["X", "X", "Y", "Y"],
            "year": [2021, 2022, 2021, 2022],
            "compound": [0.1, -0.3, -0.4, 0.2],
        }
    )
    fig = Figure()
    ax = fig.subplots()
    assert framing.plot_actor_tone(rows, ax=ax) is fig
    assert ax.get_title() == "NATO" and len(ax.lines) > 0


ESTIMATORS = [n for n in CLASSES if hasattr(getattr(framing, n), "fit")]


@pytest.mark.parametrize("name", ESTIMATORS)
def test_estimators_are_scikit_learn_estimators(name):
    from sklearn.base import BaseEstimator, clone

    cls = getattr(framing, name)
    assert issubclass(cls, BaseEstimator)
    est = cls()
    params = est.get_params()
    assert (params and "random_state" in params) or name == "DTMBuilder"
    twin = clone(est)
    assert type(twin) is cls and twin.get_params().keys() == params.keys()
    assert "fit" in dir(est) and callable(est.fit)


def test_estimator_list_is_complete():
    assert {"TopicModel", "LSS", "DTMBuilder"} <= set(ESTIMATORS)


@pytest.mark.parametrize(
    "name", ["count_matches", "count_terms", "keyness", "document_tokens", "score_documents"]
)
def test_counting_analyses_take_a_backend(name):
    params = _params(getattr(framing, name))
    assert "backend" in params and params["backend"].default is None
