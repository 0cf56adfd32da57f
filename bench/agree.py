"""Check that several engines produced the same findings for the same applications."""

from __future__ import annotations

from collections.abc import Sequence

RULE_IDS = tuple(f"R{i:02d}" for i in range(1, 22))
OUTCOMES = frozenset({"pass", "fail", "undecided"})
VERDICTS = frozenset({"accepted", "incomplete", "rejected"})


def _label(index: int, apps: Sequence[dict] | None) -> str:
    if apps is not None and index < len(apps):
        return f"application #{index} ({apps[index].get('id', '?')})"
    return f"application #{index}"


def _check_shape(engine: str, index: int, result, label: str) -> None:
    assert isinstance(result, tuple) and len(result) == 3, (
        f"{label}: engine {engine!r} returned {result!r}, not (verdict, score, outcomes)")
    verdict, score, outcomes = result
    assert verdict in VERDICTS, f"{label}: engine {engine!r} gave unknown verdict {verdict!r}"
    assert type(score) is int, f"{label}: engine {engine!r} gave a non-int score {score!r}"
    assert isinstance(outcomes, tuple) and len(outcomes) == len(RULE_IDS), (
        f"{label}: engine {engine!r} gave {outcomes!r}, not a tuple of {len(RULE_IDS)} outcomes")
    for rule, outcome in zip(RULE_IDS, outcomes):
        assert outcome in OUTCOMES, (
            f"{label}: engine {engine!r} gave unknown outcome {outcome!r} for rule {rule}")


def check_agreement(results_by_engine: dict[str, list], apps: Sequence[dict] | None = None) -> None:
    """Raise AssertionError at the first application on which the engines disagree.

    ``results_by_engine`` maps an engine name to its list of
    ``(verdict, score, outcomes)`` tuples.  The first engine is the reference;
    the message names the application (index, and id when ``apps`` is given),
    the disagreeing engine, and the first rule that differs -- or "verdict" /
    "score" when the outcomes agree but the aggregate does not.
    """
    if not results_by_engine:
        return
    names = list(results_by_engine)
    reference = names[0]
    expected = results_by_engine[reference]
    for name in names[1:]:
        got = results_by_engine[name]
        assert len(got) == len(expected), (
            f"engine {name!r} returned {len(got)} results, {reference!r} returned {len(expected)}")

    for index, ref_result in enumerate(expected):
        label = _label(index, apps)
        _check_shape(reference, index, ref_result, label)
        ref_verdict, ref_score, ref_outcomes = ref_result
        for name in names[1:]:
            result = results_by_engine[name][index]
            if result == ref_result:
                continue
            _check_shape(name, index, result, label)
            verdict, score, outcomes = result
            for rule, mine, theirs in zip(RULE_IDS, ref_outcomes, outcomes):
                assert mine == theirs, (
                    f"{label}: engine {name!r} disagrees with {reference!r} on rule {rule}: "
                    f"{theirs!r} vs {mine!r}")
            assert verdict == ref_verdict, (
                f"{label}: engine {name!r} disagrees with {reference!r} on the verdict: "
                f"{verdict!r} vs {ref_verdict!r}")
            assert score == ref_score, (
                f"{label}: engine {name!r} disagrees with {reference!r} on the score: "
                f"{score!r} vs {ref_score!r}")
