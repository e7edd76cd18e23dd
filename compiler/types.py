"""Semantic types of the language, assignability, and their JSON Schema.

`doc` is a long `str` (a document to split); the two are interchangeable, the name
only tells the cost estimate and the reader that the value is long.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Prim:
    name: str  # str, doc, int, float, bool, none


@dataclass(frozen=True)
class ListType:
    item: Type


@dataclass(frozen=True)
class OptionalType:
    inner: Type


@dataclass(frozen=True)
class RecordType:
    """A declared record. Records are nominal: two with the same name are the same
    type, whatever `fields` holds. The checker builds one object per declaration and
    fills in its fields afterwards, so a recursive record (`type Node { kids:
    list[Node] }`) is a cycle of objects, never an expansion; a walk over field
    types must therefore stop at records it has seen (see `json_schema`)."""

    name: str
    fields: tuple[tuple[str, Type], ...] = field(compare=False)

    def field(self, name: str) -> Type | None:
        for field_name, field_type in self.fields:
            if field_name == name:
                return field_type
        return None


@dataclass(frozen=True)
class EnumType:
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class AnonRecordType:
    """The type of a record literal `{a: 1}` before it meets a declared record."""

    fields: tuple[tuple[str, Type], ...]


@dataclass(frozen=True)
class StrLiteralType:
    """The type of a string literal: a `str` that also fits an enum holding its value.
    Bindings widen it to `str` (see `widen`)."""

    value: str


@dataclass(frozen=True)
class UnknownType:
    """The type of an expression that already has an error; assignable everywhere,
    so one mistake yields one diagnostic rather than a cascade."""


Type = (
    Prim
    | ListType
    | OptionalType
    | RecordType
    | EnumType
    | AnonRecordType
    | StrLiteralType
    | UnknownType
)

STR = Prim("str")
DOC = Prim("doc")
INT = Prim("int")
FLOAT = Prim("float")
BOOL = Prim("bool")
NONE = Prim("none")
UNKNOWN = UnknownType()

PRIMITIVES = {"str": STR, "doc": DOC, "int": INT, "float": FLOAT, "bool": BOOL}


def is_text(t: Type) -> bool:
    return t in (STR, DOC) or isinstance(t, EnumType | StrLiteralType)


def is_number(t: Type) -> bool:
    return t in (INT, FLOAT)


def strip_optional(t: Type) -> Type:
    return t.inner if isinstance(t, OptionalType) else t


def assignable(source: Type, target: Type) -> bool:
    """Can a value of type `source` be used where `target` is expected?"""
    if isinstance(source, UnknownType) or isinstance(target, UnknownType):
        return True
    if source == target:
        return True
    if isinstance(target, OptionalType):
        return source == NONE or assignable(strip_optional(source), target.inner)
    if target in (STR, DOC):
        return is_text(source)
    if isinstance(target, EnumType):
        return isinstance(source, StrLiteralType) and source.value in target.values
    if target == FLOAT:
        return source == INT
    if isinstance(target, ListType):
        return isinstance(source, ListType) and assignable(source.item, target.item)
    if isinstance(target, RecordType):
        if isinstance(source, AnonRecordType):
            given = dict(source.fields)
            for name, field_type in target.fields:
                if name in given:
                    if not assignable(given[name], field_type):
                        return False
                elif not isinstance(field_type, OptionalType):
                    return False
            return set(given) <= {name for name, _ in target.fields}
        return False
    return False


def join(a: Type, b: Type) -> Type | None:
    """The common type of two values (list items, cascade tiers), if any."""
    if assignable(a, b):
        return b
    if assignable(b, a):
        return a
    if is_text(a) and is_text(b):
        return STR
    if isinstance(a, ListType) and isinstance(b, ListType):
        item = join(a.item, b.item)
        return ListType(item) if item is not None else None
    if isinstance(a, AnonRecordType) and isinstance(b, AnonRecordType):
        return _join_records(a, b)
    if a == NONE:
        return OptionalType(b)
    if b == NONE:
        return OptionalType(a)
    return None


def _join_records(a: AnonRecordType, b: AnonRecordType) -> Type | None:
    """Field-wise join of two record literals; a field one of them lacks may be none."""
    left, right = dict(a.fields), dict(b.fields)
    fields: list[tuple[str, Type]] = []
    for name in dict.fromkeys([*left, *right]):
        if name in left and name in right:
            joined = join(left[name], right[name])
            if joined is None:
                return None
        else:
            only = left.get(name) or right[name]
            joined = only if isinstance(only, OptionalType) else OptionalType(only)
        fields.append((name, joined))
    return AnonRecordType(tuple(fields))


def show(t: Type) -> str:
    """The type as the user writes it."""
    match t:
        case Prim(name):
            return name
        case ListType(item):
            return f"list[{show(item)}]"
        case OptionalType(inner):
            return f"{show(inner)}?"
        case RecordType(name) | EnumType(name):
            return name
        case StrLiteralType(value):
            return f'"{value}"' if len(value) < 30 else "str"
        case AnonRecordType(fields):
            return "{" + ", ".join(f"{n}: {show(f)}" for n, f in fields) + "}"
        case _:
            return "unknown"


def json_schema(t: Type, defs: dict[str, Any] | None = None) -> dict[str, Any]:
    """JSON Schema of a type; named records and enums are referenced from `$defs`.

    Pass a `defs` dict to collect the definitions; without one they are inlined (a
    recursive record's inner occurrences are then left open: `{"title": NAME}`).
    Records are defined from a work list, not by recursion, so a long chain of
    records that refer to each other does not exhaust the stack.
    """
    if defs is None:
        return _schema(t, None, [], frozenset())
    pending: list[RecordType] = []
    result = _schema(t, defs, pending, frozenset())
    while pending:
        record = pending.pop()
        defs[record.name] = _record_schema(record, defs, pending, frozenset())
    return result


def _schema(
    t: Type, defs: dict[str, Any] | None, pending: list[RecordType], inlining: frozenset[str]
) -> dict[str, Any]:
    match t:
        case Prim("str") | StrLiteralType():
            return {"type": "string"}
        case Prim("doc"):
            return {"type": "string", "x-minion-type": "doc"}
        case Prim("int"):
            return {"type": "integer"}
        case Prim("float"):
            return {"type": "number"}
        case Prim("bool"):
            return {"type": "boolean"}
        case Prim("none"):
            return {"type": "null"}
        case ListType(item):
            return {"type": "array", "items": _schema(item, defs, pending, inlining)}
        case OptionalType(inner):
            return {"anyOf": [_schema(inner, defs, pending, inlining), {"type": "null"}]}
        case EnumType(name, values):
            schema = {"type": "string", "enum": list(values), "title": name}
            return _named(name, schema, defs)
        case RecordType(name):
            if defs is None:
                if name in inlining:
                    return {"title": name}
                return _record_schema(t, None, pending, inlining | {name})
            if name not in defs:
                defs[name] = {}  # reserved; json_schema fills it in from `pending`
                pending.append(t)
            return {"$ref": f"#/$defs/{name}"}
        case AnonRecordType(fields):
            return {
                "type": "object",
                "properties": {n: _schema(f, defs, pending, inlining) for n, f in fields},
            }
        case _:
            return {}


def _record_schema(
    record: RecordType,
    defs: dict[str, Any] | None,
    pending: list[RecordType],
    inlining: frozenset[str],
) -> dict[str, Any]:
    fields = record.fields
    return {
        "type": "object",
        "title": record.name,
        "properties": {n: _schema(f, defs, pending, inlining) for n, f in fields},
        "required": [n for n, f in fields if not isinstance(f, OptionalType)],
        "additionalProperties": False,
    }


def _named(name: str, schema: dict[str, Any], defs: dict[str, Any] | None) -> dict[str, Any]:
    if defs is None:
        return schema
    defs[name] = schema
    return {"$ref": f"#/$defs/{name}"}


def widen(t: Type) -> Type:
    """The type a binding gets: string literals become `str`."""
    match t:
        case StrLiteralType():
            return STR
        case ListType(item):
            return ListType(widen(item))
        case OptionalType(inner):
            return OptionalType(widen(inner))
        case AnonRecordType(fields):
            return AnonRecordType(tuple((n, widen(f)) for n, f in fields))
    return t
