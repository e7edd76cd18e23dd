"""JSON Schemas of prompt output types, as the runtime needs them.

The compiler writes every type as JSON Schema (`compiler/types.py`): `string`
(with `x-minion-type: doc` for documents), `integer`, `number`, `boolean`,
`null`, arrays, optionals as `anyOf [T, null]`, string enums, records (objects
with `properties` in declaration order, `required`, `additionalProperties:
false`), and named records and enums as `{"$ref": "#/$defs/NAME"}` resolved
against the plan's `types`. This module resolves those references, builds the
strict, fully inlined schema that providers with native structured output take,
coerces loosely typed values (text from a small model, JSON from a large one)
to the type, and checks that a value conforms.

Coercion returns plain JSON data (dicts, lists, str, int, float, bool, None)
and a list of the repairs it made; it raises `CoercionError` with a reason from
a small fixed set when the value cannot be made to fit.

Over 500 lines on purpose: resolution, the strict schema, coercion and conformance
are four readings of the same JSON Schema subset, and each must accept exactly the
schemas the others do.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]

_REF_PREFIX = "#/$defs/"
_MAX_DEPTH = 64

# Words a model writes for "no value". For an optional value they mean None.
NULL_WORDS = frozenset(
    {
        "",
        "none",
        "null",
        "nil",
        "n/a",
        "na",
        "n.a.",
        "unknown",
        "not found",
        "not mentioned",
        "not stated",
        "not given",
        "not specified",
        "not available",
        "no answer",
        "nothing",
        "-",
        "--",
        "—",
    }
)


class CoercionError(Exception):
    """A value that cannot be made to fit a schema. `reason` is one of
    type_mismatch, missing_field, invalid_enum."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


# ---- resolution -------------------------------------------------------------


def resolve(schema: Any, types: dict[str, Schema]) -> Schema:
    """Follow `$ref`s to a schema that is not a reference. An unknown reference
    (or a schema that is not an object) resolves to `{}`: any value."""
    seen: set[str] = set()
    while isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if not isinstance(ref, str) or ref in seen:
            return {}
        seen.add(ref)
        name = ref[len(_REF_PREFIX) :] if ref.startswith(_REF_PREFIX) else ref
        schema = types.get(name, {})
    return schema if isinstance(schema, dict) else {}


def split_optional(schema: Any, types: dict[str, Schema]) -> tuple[Schema, bool]:
    """(the schema without its null branch, resolved; whether null is allowed)."""
    schema = resolve(schema, types)
    branches = schema.get("anyOf")
    if isinstance(branches, list):
        resolved = [resolve(b, types) for b in branches]
        others = [b for b in resolved if b.get("type") != "null"]
        nullable = len(others) < len(resolved)
        if len(others) == 1:
            inner, inner_nullable = split_optional(others[0], types)
            return inner, nullable or inner_nullable
        return {"anyOf": others}, nullable
    kind = schema.get("type")
    if isinstance(kind, list):
        others = [k for k in kind if k != "null"]
        nullable = len(others) < len(kind)
        if len(others) == 1:
            return {**schema, "type": others[0]}, nullable
        return {**schema, "type": others}, nullable
    return schema, kind == "null"


def kind_of(schema: Schema) -> str:
    """object, array, string, integer, number, boolean, enum, null, union or any
    (for a resolved schema without its null branch)."""
    if "enum" in schema:
        return "enum"
    if "anyOf" in schema:
        return "union"
    kind = schema.get("type")
    if kind in {"object", "array", "string", "integer", "number", "boolean", "null"}:
        return kind
    if "properties" in schema:
        return "object"
    return "any"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    schema: Schema  # the field's schema without its null branch, resolved
    nullable: bool  # None is a valid value
    required: bool  # must be present (a nullable required field may be None)

    @property
    def optional(self) -> bool:
        """A model may leave it out or say "none"."""
        return self.nullable or not self.required


def record_fields(schema: Schema, types: dict[str, Schema]) -> list[FieldSpec]:
    """The fields of a record schema, in declaration order."""
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return []
    required = set(schema.get("required") or [])
    fields = []
    for name, field_schema in properties.items():
        inner, nullable = split_optional(field_schema, types)
        fields.append(FieldSpec(str(name), inner, nullable, name in required))
    return fields


def label_of(name: str) -> str:
    """The label of a field in the labelled-lines format: chunk_id -> "Chunk id"."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ")
    words = " ".join(words.split())
    return (words[:1].upper() + words[1:].lower()) if words else name


def norm_label(text: str) -> str:
    """A label or field name reduced for matching: case, spaces, _ and - do not count."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


# ---- the strict schema for native structured output ------------------------

_KEEP_KEYS = ("type", "title", "description", "enum", "items", "anyOf", "properties")


def strict_schema(schema: Any, types: dict[str, Schema]) -> Schema:
    """A self-contained schema in the subset that strict structured output
    accepts (OpenAI's strict mode and the like): references inlined, every
    object closed (`additionalProperties: false`) with every property required,
    a property that may be left out allowing null instead, and no `x-` keys. A
    recursive record's inner occurrences stay references into `$defs`."""
    defs: dict[str, Schema] = {}
    result = _strict(schema, types, defs, (), 0)
    if defs:
        result = {**result, "$defs": defs}
    return result


def _strict(
    schema: Any,
    types: dict[str, Schema],
    defs: dict[str, Schema],
    stack: tuple[str, ...],
    depth: int,
) -> Schema:
    if depth > _MAX_DEPTH:
        return {}
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        ref = schema["$ref"]
        name = ref[len(_REF_PREFIX) :] if ref.startswith(_REF_PREFIX) else ref
        if name in stack:  # recursion: refer to a definition instead of inlining forever
            if name not in defs:
                defs[name] = {}
                defs[name] = _strict(types.get(name, {}), types, defs, (), depth + 1)
            return {"$ref": f"{_REF_PREFIX}{name}"}
        return _strict(types.get(name, {}), types, defs, (*stack, name), depth + 1)
    if not isinstance(schema, dict):
        return {}
    out: Schema = {k: schema[k] for k in _KEEP_KEYS if k in schema}
    if "anyOf" in out:
        out["anyOf"] = [_strict(b, types, defs, stack, depth + 1) for b in out["anyOf"]]
    if "items" in out:
        out["items"] = _strict(out["items"], types, defs, stack, depth + 1)
    if "properties" in out or out.get("type") == "object":
        properties = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        new_props = {}
        for name, field_schema in properties.items():
            field = _strict(field_schema, types, defs, stack, depth + 1)
            if name not in required and not _allows_null(field):
                field = {"anyOf": [field, {"type": "null"}]}
            new_props[name] = field
        out["type"] = "object"
        out["properties"] = new_props
        out["required"] = list(new_props)
        out["additionalProperties"] = False
    return out


def _allows_null(schema: Schema) -> bool:
    if schema.get("type") == "null":
        return True
    if isinstance(schema.get("type"), list) and "null" in schema["type"]:
        return True
    return any(_allows_null(b) for b in schema.get("anyOf", []) if isinstance(b, dict))


# ---- coercion -----------------------------------------------------------------

_NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
# Scale words after a number; the optimizer's metrics read numbers the same way.
NUMBER_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
}
# A number as people and models write it: -1,200.50  1 200  .5  3e6, then an
# optional scale word ("5.2 million", "40k").
_NUMBER_RE = re.compile(
    r"(?<![\w.])([-+−]?)\s*[$€£¥]?\s*"
    r"((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+)"
    r"(?:\s*(thousand|million|billion|trillion|bn|mn|k|m|b)\b)?",
    re.IGNORECASE,
)
_TRUE = frozenset({"true", "yes", "y", "correct", "right", "1", "t", "affirmative"})
_FALSE = frozenset({"false", "no", "n", "incorrect", "wrong", "0", "f", "negative"})


def is_null_word(text: str) -> bool:
    cleaned = text.strip().strip(" .!\"'`*_").lower()
    return cleaned in NULL_WORDS or text.strip() == ""


def clean_text(text: str) -> str:
    """A value as written in a line: trimmed, without wrapping quotes or markup."""
    text = text.strip()
    for _ in range(3):
        before = text
        if len(text) >= 4 and text[:2] in {"**", "__"} and text[-2:] == text[:2]:
            text = text[2:-2].strip()
        if len(text) >= 2 and (text[0], text[-1]) in _QUOTE_PAIRS:
            text = text[1:-1].strip()
        if text == before:
            break
    return text


_QUOTE_PAIRS = {('"', '"'), ("'", "'"), ("`", "`"), ("“", "”"), ("‘", "’"), ("«", "»")}


def parse_number(text: str, *, integer: bool) -> int | float | None:
    """The first number in `text` ("1,200" -> 1200, "$5.2 million" -> 5200000,
    "twelve" -> 12), or None."""
    match = _NUMBER_RE.search(text)
    if match is None:
        words = re.findall(r"[a-z]+", text.lower())
        for word in words[:3]:
            if word in _NUMBER_WORDS:
                return _NUMBER_WORDS[word]
        return None
    sign, digits, scale = match.group(1), match.group(2), match.group(3)
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    if scale:
        # A lone "m"/"b" is a scale only right after the digits ("5m"), never a unit
        # such as "5 m" (metres).
        if scale.lower() in {"m", "b"} and text[match.start(3) - 1].isspace():
            scale = None
        else:
            value *= NUMBER_SCALES[scale.lower()]
    if sign in {"-", "−"}:
        value = -value
    if not math.isfinite(value):
        return None
    if integer:
        if value != int(value):
            return None
        return int(value)
    whole = "." not in digits and "e" not in digits.lower()
    if (whole or scale) and abs(value) < 2**53 and value == int(value):
        return int(value)
    return value


def _short_answer(text: str) -> bool:
    """Whether text reads as a short answer that a number may be taken from ("1,240
    full-time employees", "about 5"), not as a sentence or question that merely
    contains one ("Question: How many employees did it have in 2023?")."""
    if text.rstrip().endswith("?") or len(text.split()) > 8:
        return False
    digit = re.search(r"\d", text)
    return digit is None or len(text[: digit.start()].split()) <= 4


def _enum_match(text: str, values: list[Any]) -> tuple[Any, str | None] | None:
    """(the enum value, a repair or None) for `text`, or None."""
    if text in values:
        return text, None
    key = _enum_key(text)
    exact = [v for v in values if _enum_key(str(v)) == key]
    if len(exact) == 1:
        return exact[0], None  # a case or spacing variant: what the format allows
    if not key:
        return None
    starts = [v for v in values if _enum_key(str(v)).startswith(key)]
    if len(starts) == 1:
        return starts[0], "enum_prefix"
    # The text starts with one value ("Positive, because ..."): the longest such.
    leading = [v for v in values if _enum_key(str(v)) and key.startswith(_enum_key(str(v)))]
    leading = [v for v in leading if _word_boundary(key, _enum_key(str(v)))]
    if leading:
        best = max(leading, key=lambda v: len(_enum_key(str(v))))
        if sum(1 for v in leading if len(_enum_key(str(v))) == len(_enum_key(str(best)))) == 1:
            return best, "enum_leading_text"
    return None


def _enum_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _word_boundary(text: str, prefix: str) -> bool:
    return len(text) == len(prefix) or not text[len(prefix)].isalnum()


def coerce(
    value: Any,
    schema: Any,
    types: dict[str, Schema],
    repairs: list[str],
    *,
    from_text: bool,
    path: str = "$",
    depth: int = 0,
) -> Any:
    """`value` made to fit `schema`, as plain JSON data; repairs are appended to
    `repairs`. `from_text`: the value is text read from labelled lines, where
    "1200" for an integer or "yes" for a boolean is the format, not a repair."""
    if depth > _MAX_DEPTH:
        raise CoercionError("type_mismatch", f"{path}: nested too deeply")
    inner, nullable = split_optional(schema, types)
    kind = kind_of(inner)
    if value is None:
        if nullable or kind in {"null", "any"}:
            return None
        if kind == "array":
            repairs.append(f"none_as_empty_list:{path}")
            return []
        raise CoercionError("type_mismatch", f"{path}: no value, expected {_describe(inner)}")
    if isinstance(value, str) and nullable and is_null_word(value):
        if not from_text:
            repairs.append(f"null_word:{path}")
        return None
    if kind == "any":
        return value
    if kind == "null":
        if isinstance(value, str) and is_null_word(value):
            return None
        raise CoercionError("type_mismatch", f"{path}: expected none, got {_show(value)}")
    if kind == "string":
        return _coerce_string(value, repairs, from_text=from_text, path=path)
    if kind in {"integer", "number"}:
        return _coerce_number(value, kind == "integer", repairs, from_text=from_text, path=path)
    if kind == "boolean":
        return _coerce_bool(value, repairs, from_text=from_text, path=path)
    if kind == "enum":
        return _coerce_enum(value, inner, repairs, path=path)
    if kind == "array":
        return _coerce_array(
            value, inner, types, repairs, from_text=from_text, path=path, depth=depth
        )
    if kind == "object":
        return _coerce_object(
            value, inner, types, repairs, from_text=from_text, path=path, depth=depth
        )
    # A union of several non-null types: the first branch that fits.
    last: CoercionError | None = None
    for branch in inner.get("anyOf", []):
        attempt: list[str] = []
        try:
            result = coerce(
                value, branch, types, attempt, from_text=from_text, path=path, depth=depth + 1
            )
        except CoercionError as error:
            last = error
            continue
        repairs.extend(attempt)
        return result
    raise last or CoercionError("type_mismatch", f"{path}: fits no branch of the union")


def _coerce_string(value: Any, repairs: list[str], *, from_text: bool, path: str) -> str:
    if isinstance(value, str):
        return clean_text(value) if from_text else value
    if isinstance(value, bool):
        repairs.append(f"bool_as_string:{path}")
        return "true" if value else "false"
    if isinstance(value, int | float):
        repairs.append(f"number_as_string:{path}")
        return _number_text(value)
    raise CoercionError("type_mismatch", f"{path}: expected a string, got {_show(value)}")


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _coerce_number(
    value: Any, integer: bool, repairs: list[str], *, from_text: bool, path: str
) -> int | float:
    what = "an integer" if integer else "a number"
    if isinstance(value, bool):
        raise CoercionError("type_mismatch", f"{path}: expected {what}, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CoercionError("type_mismatch", f"{path}: expected {what}, got {value}")
        if integer:
            if value.is_integer():
                repairs.append(f"float_as_integer:{path}")
                return int(value)
            raise CoercionError("type_mismatch", f"{path}: expected {what}, got {value}")
        return value
    if isinstance(value, str):
        text = clean_text(value)
        number = parse_number(text, integer=integer) if _short_answer(text) else None
        if number is None:
            raise CoercionError("type_mismatch", f"{path}: expected {what}, got {_show(value)}")
        plain = (
            re.fullmatch(r"[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][-+]?\d+)?", text) is not None
        )
        if not from_text:
            repairs.append(f"string_as_number:{path}")
        elif not plain:
            repairs.append(f"number_from_text:{path}")
        return number
    raise CoercionError("type_mismatch", f"{path}: expected {what}, got {_show(value)}")


def _coerce_bool(value: Any, repairs: list[str], *, from_text: bool, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        repairs.append(f"number_as_bool:{path}")
        return bool(value)
    if isinstance(value, str):
        text = clean_text(value).lower()
        if not from_text:
            repairs.append(f"string_as_bool:{path}")
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        first = re.match(r"[a-z0-9]+", text)
        if first and (first.group(0) in _TRUE or first.group(0) in _FALSE):
            if from_text:
                repairs.append(f"bool_from_text:{path}")
            return first.group(0) in _TRUE
    raise CoercionError("type_mismatch", f"{path}: expected yes or no, got {_show(value)}")


def _coerce_enum(value: Any, schema: Schema, repairs: list[str], *, path: str) -> Any:
    values = list(schema.get("enum") or [])
    if value in values and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        found = _enum_match(clean_text(value), values)
        if found is not None:
            result, repair = found
            if repair:
                repairs.append(f"{repair}:{path}")
            return result
    shown = ", ".join(str(v) for v in values)
    given = clean_text(value) if isinstance(value, str) else value
    raise CoercionError("invalid_enum", f"{path}: {_show(given)} is not one of: {shown}")


def _coerce_array(
    value: Any,
    schema: Schema,
    types: dict[str, Schema],
    repairs: list[str],
    *,
    from_text: bool,
    path: str,
    depth: int,
) -> list[Any]:
    items_schema = schema.get("items", {})
    if isinstance(value, str):
        if is_null_word(value):
            if not from_text:
                repairs.append(f"null_word_as_empty_list:{path}")
            return []
        repairs.append(f"string_as_list:{path}")
        value = [value]
    elif isinstance(value, dict) and len(value) == 1:
        (only,) = value.values()
        if isinstance(only, list):
            repairs.append(f"unwrapped_list:{path}")
            value = only
    if not isinstance(value, list):
        item_kind = kind_of(split_optional(items_schema, types)[0])
        if item_kind == "object" and isinstance(value, dict):
            repairs.append(f"object_as_list:{path}")
            value = [value]
        else:
            raise CoercionError("type_mismatch", f"{path}: expected a list, got {_show(value)}")
    return [
        coerce(
            item,
            items_schema,
            types,
            repairs,
            from_text=from_text,
            path=f"{path}[{i}]",
            depth=depth + 1,
        )
        for i, item in enumerate(value)
    ]


def _coerce_object(
    value: Any,
    schema: Schema,
    types: dict[str, Schema],
    repairs: list[str],
    *,
    from_text: bool,
    path: str,
    depth: int,
) -> dict[str, Any]:
    fields = record_fields(schema, types)
    lists = [f for f in fields if kind_of(f.schema) == "array"]
    if isinstance(value, list) and len(fields) == 1 and len(lists) == 1:
        repairs.append(f"wrapped_list:{path}")  # ["a", "b"] for {tasks: list[str]}
        value = {fields[0].name: value}
    if not isinstance(value, dict):
        raise CoercionError("type_mismatch", f"{path}: expected a record, got {_show(value)}")
    by_key = {norm_label(f.name): f.name for f in fields}
    given: dict[str, Any] = {}
    for key, item in value.items():
        key_text = str(key)
        if key_text in by_key.values():
            given[key_text] = item
            continue
        match = by_key.get(norm_label(key_text))
        if match is not None and match not in given:
            repairs.append(f"key_renamed:{path}.{key_text}->{match}")
            given[match] = item
        elif not schema.get("properties"):  # an open record: keep everything
            given[key_text] = item
        else:
            repairs.append(f"dropped_key:{path}.{key_text}")
    result: dict[str, Any] = {}
    for field in fields:
        where = f"{path}.{field.name}"
        if field.name not in given:
            if field.nullable:
                repairs.append(f"missing_field:{where}")
                result[field.name] = None
            elif not field.required:
                repairs.append(f"missing_field:{where}")
            else:
                raise CoercionError("missing_field", f"{where}: missing")
            continue
        full_schema = schema["properties"][field.name]
        result[field.name] = coerce(
            given[field.name],
            full_schema,
            types,
            repairs,
            from_text=from_text,
            path=where,
            depth=depth + 1,
        )
    if not schema.get("properties"):
        return {str(k): v for k, v in given.items()}
    return result


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(schema: Schema) -> str:
    kind = kind_of(schema)
    return {
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "yes or no",
        "array": "a list",
        "object": "a record",
        "enum": "one of " + ", ".join(str(v) for v in schema.get("enum") or []),
    }.get(kind, "a value")


# ---- conformance ----------------------------------------------------------------


def conforms(value: Any, schema: Any, types: dict[str, Schema], depth: int = 0) -> bool:
    """Whether `value` (plain JSON data) is valid against `schema`."""
    if depth > _MAX_DEPTH:
        return False
    inner, nullable = split_optional(schema, types)
    if value is None:
        return nullable or kind_of(inner) in {"null", "any"}
    kind = kind_of(inner)
    if kind == "any":
        return True
    if kind == "null":
        return False
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "enum":
        return value in (inner.get("enum") or []) and not isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list) and all(
            conforms(item, inner.get("items", {}), types, depth + 1) for item in value
        )
    if kind == "object":
        if not isinstance(value, dict):
            return False
        properties = inner.get("properties") or {}
        closed = properties and inner.get("additionalProperties") is False
        if closed and any(k not in properties for k in value):
            return False
        if any(k not in value for k in inner.get("required") or []):
            return False
        return all(
            conforms(value[k], s, types, depth + 1) for k, s in properties.items() if k in value
        )
    return any(conforms(value, b, types, depth + 1) for b in inner.get("anyOf", []))
