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


def _own(obj) -> bool:
    """Defined in framing (not inherited from pandas or scikit-learn)."""
    return (getattr(obj, "__module__", "") or "").startswith("framing")


# by= is the grouping argument: None means no grouping (or, where groups are
# needed, the documented automatic choice). resolve_grouping has its own
# vocabulary ("auto", "none"); a required by= (Corpus.groupby) has no default.
BY_EXCEPTIONS = {"framing.resolve_grouping"}


def test_grouping_argument_by_defaults_to_none():
    offenders = []
    for where, obj in _everything():
        if not _own(obj) or where in BY_EXCEPTIONS:
            continue
        p = _params(obj).get("by")
        if p is not None and p.default is not inspect.Parameter.empty and p.default is not None:
            offenders.append(f"{where}(by={p.default!r})")
    assert not offenders, offenders


def _plots():
    for n in PLOTS:
        yield f"framing.{n}", getattr(framing, n)
    for n in CLASSES:
        cls = getattr(framing, n)
        for where, member in _methods(cls):
            if where.split(".")[-1].startswith("plot_") and _own(member):
                yield where, member


# plots that draw groups: one line, colour, panel or column per group
GROUPING_PLOTS = {
    "framing.plot_actor_tone",
    "framing.plot_fightin_words",
    "framing.plot_frame_shares",
    "framing.plot_keyness",
    "framing.plot_neighbours",
    "framing.plot_prevalence",
    "framing.plot_rate_trend",
    "EmbeddingRegression.plot_neighbours",
}


@pytest.mark.parametrize("name", PLOTS)
def test_plots_take_ax(name):
    fn = getattr(framing, name)
    assert "ax" in _params(fn), f"framing.{name} takes no ax="


def test_plots_group_with_hue():
    seen = set()
    offenders = []
    for where, fn in _plots():
        seen.add(where)
        params = _params(fn)
        if "ax" not in params:
            offenders.append(f"{where}: no ax=")
        old = sorted({"by", "group", "groups"} & set(params))
        if old:
            offenders.append(f"{where}({', '.join(o + '=' for o in old)}): the grouping argument is hue=")
        if where in GROUPING_PLOTS and "hue" not in params:
            offenders.append(f"{where}: no hue=")
    assert not offenders, offenders
    assert GROUPING_PLOTS <= seen, GROUPING_PLOTS - seen


def test_former_plot_argument_names_still_work_with_a_warning():
    import pandas as pd

    rows = _actor_rows()
    with pytest.warns(FutureWarning, match="by= is now called x="):
        fig = framing.plot_actor_tone(rows, by="year", hue="source")
    assert [ax.get_xlabel() for ax in fig.axes][0] == "year"
    table = pd.DataFrame({"A": [30, 10, 960], "B": [10, 10, 980]}, index=["peace", "war", "other"])
    k = framing.keyness(table, target=["A", "B"])
    with pytest.warns(FutureWarning, match="groups= is now called hue="):
        assert len(framing.plot_keyness(k, n=1, groups="B").axes) == 1
    with pytest.warns(FutureWarning, match="group= is now called hue="):
        framing.plot_fightin_words(k, group="A")


def test_renamed_arguments_still_work_with_a_warning():
    with pytest.warns(FutureWarning, match="conf= is now called conf_level="):
        low, high = framing.poisson_interval([3], conf=0.9)
    ref_low, ref_high = framing.poisson_interval([3], conf_level=0.9)
    assert float(low[0]) == float(ref_low[0]) and float(high[0]) == float(ref_high[0])
    with pytest.raises(TypeError, match="both"):
        framing.poisson_interval([3], conf=0.9, conf_level=0.9)


def _actor_rows():
    import pandas as pd

    return pd.DataFrame(
        {
            "doc_id": list("abcd"),
            "actor": ["NATO"] * 4,
            "source": ["X", "X", "Y", "Y"],
            "year": [2021, 2022, 2021, 2022],
            "compound": [0.1, -0.3, -0.4, 0.2],
        }
    )


def test_a_plot_draws_into_the_given_axes():

    rows = _actor_rows()
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


def test_keyness_estimator_is_a_scikit_learn_estimator():
    from sklearn.base import BaseEstimator, clone

    from framing.compare.keyness import Keyness

    assert issubclass(Keyness, BaseEstimator)
    est = Keyness(by="source", min_count=2)
    twin = clone(est)
    assert twin.get_params() == est.get_params() and twin.get_params()["by"] == "source"


@pytest.mark.parametrize(
    "name", ["count_matches", "count_terms", "keyness", "document_tokens", "score_documents"]
)
def test_counting_analyses_take_a_backend(name):
    params = _params(getattr(framing, name))
    assert "backend" in params and params["backend"].default is None
