"""What a Jinja2 template may contain: the one rule that the checker (for
programs) and the plan loader (for plans someone sends you) both apply.

Templates render in Jinja2's immutable sandbox (runtime/templating.py), which
already stops attribute tricks at run time. This rule rejects them before
anything runs, with a message: access to a name starting with `_` (by `.`, by
`[...]`, by the `attr` filter or a filter's `attribute=`), a non-constant `attr`
name (it could be built to spell one), loading other templates, and any global
the language does not document. Pure: it reads a parsed template and says what is
wrong; callers turn findings into diagnostics or plan problems.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from jinja2 import meta, nodes
from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.sandbox import ImmutableSandboxedEnvironment

# The names a template may read besides its parameters: `range` (at most
# 100,000 items in the sandbox) and `loop` inside a `{% for %}`. Jinja2's other
# globals (dict, lipsum, cycler, joiner, namespace) are not provided when
# rendering, so a template that names one is an error here.
TEMPLATE_GLOBALS = frozenset({"range", "loop"})

# The longest template or string literal a program or plan may hold. A prompt
# that needs more text should take it as an input (a document), not a literal.
MAX_TEMPLATE_CHARS = 100_000

# Filters that look an attribute up by a name given as a string argument, and
# where that name goes: a position, or the `attribute=` keyword.
_ATTRIBUTE_FILTERS: dict[str, tuple[int | None, ...]] = {
    "attr": (0,),
    "selectattr": (0,),
    "rejectattr": (0,),
    "groupby": (0,),
    "map": (None,),
    "sort": (None,),
    "unique": (None,),
    "min": (None,),
    "max": (None,),
    "sum": (None,),
}

# Parses only; never renders. The sandbox has the same filters and tests as the
# environment templates render in, and the same globals, so that a template
# naming another of Jinja2's globals counts as reading an undeclared name.
PARSE_ENV = ImmutableSandboxedEnvironment(autoescape=False)
PARSE_ENV.globals = {name: PARSE_ENV.globals[name] for name in TEMPLATE_GLOBALS - {"loop"}}

# Jinja2's own globals, which templates here do not have (for a clearer message).
JINJA_GLOBALS = frozenset(DEFAULT_NAMESPACE)


@dataclass(frozen=True)
class TemplateFinding:
    """One thing a template may not do. `name` is the text to point at in the
    template (an attribute, a filter, a tag), `line` its 1-based template line."""

    message: str
    name: str
    line: int
    help: str


def parse_template(text: str) -> nodes.Template:
    """Jinja2's parse tree of `text`. Raises jinja2.TemplateSyntaxError (or
    RecursionError for absurd nesting)."""
    return PARSE_ENV.parse(text)


def unsafe_constructs(tree: nodes.Template) -> list[TemplateFinding]:
    """Every construct of `tree` that the language does not allow, in order."""
    findings: list[TemplateFinding] = []
    for node in tree.find_all(nodes.Node):
        match node:
            case nodes.Getattr(attr=attr) if attr.startswith("_"):
                findings.append(_underscore(attr, node.lineno, "attribute"))
            case nodes.Getitem(arg=nodes.Const(value=str() as key)) if key.startswith("_"):
                findings.append(_underscore(key, node.lineno, "item"))
            case nodes.Filter(name=name) if name in _ATTRIBUTE_FILTERS:
                findings.extend(_attribute_filter(node))
            case nodes.Include() | nodes.Import() | nodes.FromImport() | nodes.Extends():
                tag = type(node).__name__.lower().replace("fromimport", "from")
                findings.append(
                    TemplateFinding(
                        f"templates cannot load other templates ({{% {tag} %}})",
                        tag,
                        node.lineno,
                        "write the text into this template, or pass it as a parameter",
                    )
                )
    return findings


def undeclared_names(tree: nodes.Template) -> set[str]:
    """Names the template reads that it does not define itself."""
    return meta.find_undeclared_variables(tree)


def unknown_filter_or_test(tree: nodes.Template) -> tuple[str, str, int] | None:
    """The first filter or test the template uses that Jinja2 does not have
    (Jinja2 itself only notices when it compiles or renders the template)."""
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        is_filter = isinstance(node, nodes.Filter)
        if node.name not in (PARSE_ENV.filters if is_filter else PARSE_ENV.tests):
            return ("filter" if is_filter else "test"), node.name, node.lineno
    return None


def template_problems(text: str, params: set[str]) -> list[str]:
    """The rule as plain messages, for a template with parameters `params`
    (the plan loader's view: no source spans, one line per problem)."""
    if len(text) > MAX_TEMPLATE_CHARS:
        return [f"is {len(text):,} characters long; the limit is {MAX_TEMPLATE_CHARS:,}"]
    try:
        tree = parse_template(text)
    except jinja2.TemplateSyntaxError as error:
        return [f"template syntax error on its line {error.lineno}: {error.message}"]
    except RecursionError:
        return ["the template nests too deeply for Jinja2"]
    problems = [f"line {f.line}: {f.message}" for f in unsafe_constructs(tree)]
    unknown = unknown_filter_or_test(tree)
    if unknown is not None:
        kind, name, line = unknown
        problems.append(f"line {line}: no {kind} named {name!r}")
        return problems
    try:
        names = undeclared_names(tree)
    except jinja2.TemplateError as error:
        return [*problems, f"template error: {error}"]
    for name in sorted(names - params - TEMPLATE_GLOBALS):
        problems.append(f"uses {name!r}, which is not a parameter")
    return problems


def _underscore(name: str, line: int, what: str) -> TemplateFinding:
    return TemplateFinding(
        f"templates may not access the {what} '{name}' (names starting with '_' are internal)",
        name,
        line,
        "use the value itself or one of its public fields",
    )


def _attribute_filter(node: nodes.Filter) -> list[TemplateFinding]:
    findings: list[TemplateFinding] = []
    named: list[nodes.Expr] = []
    for position in _ATTRIBUTE_FILTERS[node.name]:
        if position is not None and position < len(node.args):
            named.append(node.args[position])
    named += [kw.value for kw in node.kwargs if kw.key == "attribute"]
    for argument in named:
        if not isinstance(argument, nodes.Const) or not isinstance(argument.value, str):
            if node.name == "attr":
                findings.append(
                    TemplateFinding(
                        "the attr filter takes a constant name",
                        "attr",
                        node.lineno,
                        'write x.field, or attr("field") with the name spelt out',
                    )
                )
            continue
        if any(part.startswith("_") for part in argument.value.split(".")):
            findings.append(_underscore(argument.value, node.lineno, "attribute"))
    return findings
