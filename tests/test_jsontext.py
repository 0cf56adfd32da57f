"""The C-speed indented JSON writer writes exactly what json.dumps(indent=2) writes."""

import json

from hypothesis import given, settings, strategies as st

from sirules.language import jsontext

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(),
                    st.just("a,\n  b"), st.just('",\n    "x'))
keys = st.one_of(st.text(), st.integers(), st.booleans())
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                          st.dictionaries(keys, inner, max_size=5)), max_leaves=40)


def reference(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_same_text_as_json_dumps(doc):
    assert jsontext.dumps(doc) == reference(doc)


def test_values_json_cannot_write_go_through_str():
    import datetime
    doc = {"on": datetime.date(2026, 1, 2), "rows": [[datetime.date(2026, 1, 3)], {"x": (1, 2)}], "t": ()}
    assert jsontext.dumps(doc) == reference(doc)
