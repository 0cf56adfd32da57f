"""``json.dumps(obj, ensure_ascii=False, indent=2, default=str)`` at the speed of the C encoder.

Python's JSON writer runs in C only without indentation. Here every list or object whose members
hold no non-empty list or object (a finding, a budget row) is written by the C encoder in one call,
with the line break and indentation as its item separator: a JSON string never holds a raw line
break (it is written ``\\n``), so the separator can only fall between members. Only the few
containers above those leaves are walked in Python. The text is the same, byte for byte
(``tests/test_jsontext.py`` holds it to ``json.dumps`` on arbitrary documents).
"""

from __future__ import annotations

import json

_encoders: dict = {}


def _leaf_encoder(depth: int):
    """The C encoder writing a flat container whose members sit at ``depth`` indentation steps."""
    enc = _encoders.get(depth)
    if enc is None:
        from json import encoder
        if encoder.c_make_encoder is None:          # a Python without the C accelerator
            enc = json.JSONEncoder(ensure_ascii=False, default=str, separators=(",\n" + "  " * depth, ": ")).encode
        else:                                       # what JSONEncoder.iterencode builds on every call, built once
            c = encoder.c_make_encoder(None, str, encoder.encode_basestring, None, ": ", ",\n" + "  " * depth,
                                       False, False, True)
            enc = lambda obj: "".join(c(obj, 0))    # noqa: E731
        _encoders[depth] = enc
    return enc


def dumps(obj) -> str:
    """The text of ``json.dumps(obj, ensure_ascii=False, indent=2, default=str)``."""
    out: list[str] = []
    _write(obj, 0, out)
    return "".join(out)


def _write(obj, depth: int, out: list) -> None:
    if isinstance(obj, dict):
        members = obj.values()
    elif isinstance(obj, (list, tuple)):
        members = obj
    else:
        out.append(_leaf_encoder(0)(obj))
        return
    if not obj:
        out.append("{}" if isinstance(obj, dict) else "[]")
        return
    inner, outer = "\n" + "  " * (depth + 1), "\n" + "  " * depth
    for m in members:
        if isinstance(m, (dict, list, tuple)) and m:
            break
    else:
        if isinstance(obj, dict) and not all(type(k) is str for k in obj):
            return _walk(obj, depth, inner, outer, out)
        text = _leaf_encoder(depth + 1)(obj)          # "{a,\n  b}" -> "{\n  a,\n  b\n}"
        out.append(text[0] + inner + text[1:-1] + outer + text[-1])
        return
    if isinstance(obj, list) and _flat_objects(obj):
        # a list of flat objects (the findings): one C call with the members' separator, then the
        # objects' braces put on lines of their own; "},\n<members' indent>{" only falls between
        # two objects (a string holds no raw line break; a member is a key, which opens with '"')
        two = inner + "  "
        text = _leaf_encoder(depth + 2)(obj)
        out.append("[" + inner + "{" + two
                   + text[2:-2].replace("}," + two + "{", inner + "}," + inner + "{" + two)
                   + inner + "}" + outer + "]")
        return
    _walk(obj, depth, inner, outer, out)


def _flat_objects(items: list) -> bool:
    for item in items:
        if type(item) is not dict or not item:
            return False
        for key, value in item.items():
            if type(key) is not str or (isinstance(value, (dict, list, tuple)) and value):
                return False
    return True


def _walk(obj, depth: int, inner: str, outer: str, out: list) -> None:
    if isinstance(obj, dict):
        out.append("{")
        first = True
        for key, value in obj.items():
            out.append(("" if first else ",") + inner + _string(_key(key)) + ": ")
            first = False
            _write(value, depth + 1, out)
        out.append(outer + "}")
    else:
        out.append("[")
        for i, value in enumerate(obj):
            out.append(("," if i else "") + inner)
            _write(value, depth + 1, out)
        out.append(outer + "]")


def _string(text: str) -> str:
    from json import encoder
    return encoder.encode_basestring(text)


def _key(key):
    """A key as json.dumps writes it (numbers, booleans and None become their JSON text)."""
    if isinstance(key, str):
        return key
    if key is True or key is False or key is None:
        return json.dumps(key)
    if isinstance(key, float):
        return json.dumps(key)
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
