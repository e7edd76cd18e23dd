"""Pass 1: source text -> AST. Lark (LALR) parses; a Transformer builds typed nodes.

Syntax errors become diagnostics (M0001-M0004); the parser never raises for bad input.

Over 500 lines on purpose: one builder method per grammar rule or alternative (grammar/minion.lark),
in the grammar's order, so a rule and the node it builds are read together.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from lark import Lark, Token, Transformer, Tree, UnexpectedInput, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken, VisitError

from . import ast
from .diagnostics import DiagnosticSink, Span, source_lines
from .template_rules import MAX_TEMPLATE_CHARS


@cache
def _parser() -> Lark:
    grammar = resources.files("minionc.grammar").joinpath("minion.lark").read_text("utf-8")
    return Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def span_of(meta: Any) -> Span:
    if getattr(meta, "empty", False) or not hasattr(meta, "line"):
        return Span(1, 1, 1, 2)
    return Span(meta.line, meta.column, meta.end_line, meta.end_column)


def token_span(token: Token) -> Span:
    line = token.line or 1
    column = token.column or 1
    end_line = token.end_line or line
    end_column = token.end_column or column + len(str(token))
    return Span(line, column, end_line, end_column)


class _LiteralError(Exception):
    """Raised inside the transformer for a bad literal (an unknown escape is M0003,
    a number too large for a float M0001); turned into a diagnostic."""

    def __init__(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.span = span
        self.help = help


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "0": "\0", "{": "\\{"}
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)


def _unescape(body: str, token: Token, body_offset: int) -> str:
    def replace(match: re.Match[str]) -> str:
        char = match.group(1)
        if char == "\n":  # a backslash at the end of a line joins the lines
            return ""
        if char in _ESCAPES:
            return _ESCAPES[char]
        # Locate the bad escape for the caret.
        before = str(token)[: body_offset + match.start()]
        line = (token.line or 1) + before.count("\n")
        column = (
            len(before) - before.rfind("\n")
            if "\n" in before
            else (token.column or 1) + len(before)
        )
        raise _LiteralError(
            "M0003", f"unknown escape '\\{char}' in string", Span(line, column, line, column + 2)
        )

    return _ESCAPE_RE.sub(replace, body)


@dataclass(frozen=True)
class _StringValue:
    """A decoded string literal, with what is needed to map its lines back to source."""

    text: str
    span: Span
    first_line: int
    indent: int


def decode_string(token: Token) -> _StringValue:
    raw = str(token)
    span = token_span(token)
    if len(raw) > MAX_TEMPLATE_CHARS:
        raise _LiteralError(
            "M0006",
            f"this string is {len(raw):,} characters long; the limit is {MAX_TEMPLATE_CHARS:,}",
            Span.point(span.line, span.column),
        )
    if raw.startswith('"""'):
        body = raw[3:-3]
        first_line = span.line
        offset = 3
        if body.startswith("\n"):  # text starts on the line after the quotes
            body = body[1:]
            first_line += 1
            offset += 1
        elif body.startswith("\r\n"):
            body = body[2:]
            first_line += 1
            offset += 2
        # Check the escapes where they are written, so a bad one's caret is right;
        # dedenting below moves text but never changes an escape.
        _unescape(raw[3:-3], token, 3)
        # Dedent like a Python docstring so indentation in the source does not leak
        # into the prompt; the indent maps template columns back to source columns.
        dedented = textwrap.dedent(body)
        indent = _common_indent(body)
        # Drop the whitespace-only last line before the closing quotes.
        dedented = re.sub(r"\n[ \t]*\Z", "\n", dedented)
        text = _unescape(dedented, token, offset)
        return _StringValue(text, span, first_line, indent)
    text = _unescape(raw[1:-1], token, 1)
    return _StringValue(text, span, span.line, span.column)


def _common_indent(body: str) -> int:
    widths = [len(line) - len(line.lstrip()) for line in body.splitlines() if line.strip()]
    return min(widths) if widths else 0


def _number(token: Token) -> int | float:
    text = str(token)
    value = float(text) if any(c in text for c in ".eE") else int(text)
    if isinstance(value, float) and math.isinf(value):
        raise _LiteralError(
            "M0001",
            f"number {text} is too large",
            token_span(token),
            help="numbers must fit a 64-bit float (at most about 1.8e308)",
        )
    return value


@v_args(meta=True)
class _Builder(Transformer):
    """Builds AST nodes bottom-up. Each method returns a node of `ast`."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def __default__(self, data: Any, children: list[Any], meta: Any) -> Any:
        # A grammar rule without a builder method: fail loudly, not with a Tree
        # that some later pass silently skips.
        raise AssertionError(f"grammar rule {data!r} has no builder in compiler/parse.py")

    # ---- top level
    def start(self, meta: Any, items: list[ast.Item]) -> ast.Program:
        return ast.Program(self.path, tuple(items))

    def models_def(self, meta: Any, roles: list[ast.RoleDef]) -> ast.ModelsDef:
        return ast.ModelsDef(tuple(roles), span_of(meta))

    def role_def(self, meta: Any, children: list[Any]) -> ast.RoleDef:
        name, tier = children[0], children[1]
        model = decode_string(children[2]).text if len(children) > 2 else None
        return ast.RoleDef(str(name), str(tier), model, token_span(name), token_span(tier))

    def record_def(self, meta: Any, children: list[Any]) -> ast.RecordDef:
        name, *fields = children
        return ast.RecordDef(str(name), tuple(fields), span_of(meta))

    def field_def(self, meta: Any, children: list[Any]) -> ast.FieldDef:
        name, type_ref = children
        return ast.FieldDef(str(name), type_ref, token_span(name))

    def enum_def(self, meta: Any, children: list[Any]) -> ast.EnumDef:
        name, *values = children
        return ast.EnumDef(str(name), tuple(decode_string(v).text for v in values), span_of(meta))

    def type_expr(self, meta: Any, children: list[Any]) -> ast.TypeRef:
        name = children[0]
        args: tuple[ast.TypeRef, ...] = ()
        optional = False
        for child in children[1:]:
            if isinstance(child, tuple):
                args = child
            elif isinstance(child, Token) and child.type == "OPTIONAL":
                optional = True
        return ast.TypeRef(str(name), args, optional, span_of(meta))

    def type_args(self, meta: Any, children: list[ast.TypeRef]) -> tuple[ast.TypeRef, ...]:
        return tuple(children)

    # ---- prompts
    def prompt_def(self, meta: Any, children: list[Any]) -> ast.PromptDef:
        name = children[0]
        params: tuple[ast.Param, ...] = ()
        rest = children[1:]
        if rest and isinstance(rest[0], tuple):
            params, rest = rest[0], rest[1:]
        output, (template, examples) = rest
        return ast.PromptDef(
            str(name), params, output, template, examples, span_of(meta), token_span(name)
        )

    def template_only(self, meta: Any, children: list[Any]) -> tuple[ast.Template, tuple]:
        return self._template(children[0]), ()

    def template_block(self, meta: Any, children: list[Any]) -> tuple[ast.Template, tuple]:
        return self._template(children[0]), tuple(children[1:])

    @staticmethod
    def _template(token: Token) -> ast.Template:
        value = decode_string(token)
        return ast.Template(value.text, value.span, value.first_line, value.indent)

    def example_def(self, meta: Any, children: list[Any]) -> ast.Example:
        kwargs: tuple[ast.KwArg, ...] = ()
        if len(children) == 2:
            kwargs = children[0]
        return ast.Example(kwargs, children[-1], span_of(meta))

    def param_list(self, meta: Any, children: list[ast.Param]) -> tuple[ast.Param, ...]:
        return tuple(children)

    def param(self, meta: Any, children: list[Any]) -> ast.Param:
        name = children[0]
        private = any(isinstance(c, Token) and c.type == "PRIVATE" for c in children)
        return ast.Param(str(name), children[-1], private, token_span(name))

    # ---- protocols
    def protocol_def(self, meta: Any, children: list[Any]) -> ast.ProtocolDef:
        name = children[0]
        params: tuple[ast.Param, ...] = ()
        rest = children[1:]
        if len(rest) == 3:
            params, rest = rest[0], rest[1:]
        output, body = rest
        return ast.ProtocolDef(str(name), params, output, body, span_of(meta), token_span(name))

    def block(self, meta: Any, children: list[ast.Stmt]) -> tuple[ast.Stmt, ...]:
        return tuple(children)

    def knob_stmt(self, meta: Any, children: list[Any]) -> ast.Knob:
        name, space, default = children
        return ast.Knob(str(name), space, default, span_of(meta), token_span(name))

    def choice_space(self, meta: Any, children: list[ast.Expr]) -> ast.ChoiceSpace:
        return ast.ChoiceSpace(tuple(children), span_of(meta))

    def range_space(self, meta: Any, children: list[Any]) -> ast.RangeSpace:
        return ast.RangeSpace(children[0], children[1], span_of(meta))

    def signed_number(self, meta: Any, children: list[Token]) -> int | float:
        return _number(children[0])

    def negative_number(self, meta: Any, children: list[Token]) -> int | float:
        return -_number(children[0])

    def budget_stmt(self, meta: Any, children: list[Any]) -> ast.Budget:
        tier, metric, _op, limit = children
        return ast.Budget(
            str(tier), str(metric), limit, span_of(meta), token_span(tier), token_span(metric)
        )

    def assign_stmt(self, meta: Any, children: list[Any]) -> ast.Assign:
        name, value = children
        return ast.Assign(str(name), value, span_of(meta), token_span(name))

    def repeat_stmt(self, meta: Any, children: list[Any]) -> ast.Repeat:
        times, body = children
        return ast.Repeat(times, body, span_of(meta))

    def stop_stmt(self, meta: Any, children: list[Any]) -> ast.Stop:
        return ast.Stop(children[0], span_of(meta))

    def return_stmt(self, meta: Any, children: list[Any]) -> ast.Return:
        return ast.Return(children[0], span_of(meta))

    # ---- steps
    def placed(self, meta: Any, children: list[Any]) -> ast.Placed:
        placement = children[1] if len(children) > 1 else None
        return ast.Placed(children[0], placement, span_of(meta))

    def placement(self, meta: Any, children: list[Any]) -> ast.Placement:
        target = children[0]
        options = children[1] if len(children) > 1 else ()
        return ast.Placement(str(target), options, span_of(meta), token_span(target))

    def call_options(self, meta: Any, children: list[Any]) -> tuple[ast.KwArg, ...]:
        return children[0] if children else ()

    def fanout(self, meta: Any, children: list[Any]) -> ast.FanOut:
        *iterators, body = children
        return ast.FanOut(tuple(iterators), body, span_of(meta))

    def iterator(self, meta: Any, children: list[Any]) -> ast.Iterator:
        name, over = children
        return ast.Iterator(str(name), over, token_span(name))

    def keep(self, meta: Any, children: list[Any]) -> ast.Keep:
        return ast.Keep(children[0], children[1], span_of(meta))

    def cascade(self, meta: Any, children: list[Any]) -> ast.Cascade:
        options, tiers = self._options_and_tiers(children)
        return ast.Cascade(options, tiers, span_of(meta))

    def route(self, meta: Any, children: list[Any]) -> ast.Route:
        options, tiers = self._options_and_tiers(children)
        return ast.Route(options, tiers, span_of(meta))

    @staticmethod
    def _options_and_tiers(children: list[Any]) -> tuple[tuple, tuple]:
        if children and isinstance(children[0], tuple):
            return children[0], tuple(children[1:])
        return (), tuple(children)

    # ---- expressions
    def or_op(self, meta: Any, children: list[Any]) -> ast.Binary:
        return ast.Binary("or", children[0], children[1], span_of(meta))

    def and_op(self, meta: Any, children: list[Any]) -> ast.Binary:
        return ast.Binary("and", children[0], children[1], span_of(meta))

    def not_op(self, meta: Any, children: list[Any]) -> ast.Unary:
        return ast.Unary("not", children[0], span_of(meta))

    def compare(self, meta: Any, children: list[Any]) -> ast.Binary:
        left, op, right = children
        return ast.Binary(str(op), left, right, span_of(meta))

    def binary(self, meta: Any, children: list[Any]) -> ast.Binary:
        left, op, right = children
        return ast.Binary(str(op), left, right, span_of(meta))

    def negate(self, meta: Any, children: list[Any]) -> ast.Unary:
        return ast.Unary("-", children[0], span_of(meta))

    def field_access(self, meta: Any, children: list[Any]) -> ast.FieldAccess:
        value, name = children
        return ast.FieldAccess(value, str(name), token_span(name), span_of(meta))

    def call(self, meta: Any, children: list[Any]) -> ast.Call:
        func = children[0]
        args: list[ast.Expr] = []
        kwargs: list[ast.KwArg] = []
        for arg in children[1] if len(children) > 1 else ():
            (kwargs if isinstance(arg, ast.KwArg) else args).append(arg)
        return ast.Call(func, tuple(args), tuple(kwargs), span_of(meta))

    def index(self, meta: Any, children: list[Any]) -> ast.Index:
        return ast.Index(children[0], children[1], span_of(meta))

    def name(self, meta: Any, children: list[Token]) -> ast.Name:
        return ast.Name(str(children[0]), token_span(children[0]))

    def number(self, meta: Any, children: list[Token]) -> ast.Literal:
        return ast.Literal(_number(children[0]), token_span(children[0]))

    def string(self, meta: Any, children: list[Token]) -> ast.Literal:
        return ast.Literal(decode_string(children[0]).text, token_span(children[0]))

    def none(self, meta: Any, children: list[Any]) -> ast.Literal:
        return ast.Literal(None, span_of(meta))

    def true(self, meta: Any, children: list[Any]) -> ast.Literal:
        return ast.Literal(True, span_of(meta))

    def false(self, meta: Any, children: list[Any]) -> ast.Literal:
        return ast.Literal(False, span_of(meta))

    def list_literal(self, meta: Any, children: list[ast.Expr]) -> ast.ListLiteral:
        return ast.ListLiteral(tuple(children), span_of(meta))

    def record_literal(self, meta: Any, children: list[Any]) -> ast.RecordLiteral:
        return ast.RecordLiteral(children[0] if children else (), span_of(meta))

    def share(self, meta: Any, children: list[Any]) -> ast.Share:
        return ast.Share(children[0], span_of(meta))

    def arg_list(self, meta: Any, children: list[Any]) -> list[Any]:
        return children

    def kwarg_list(self, meta: Any, children: list[ast.KwArg]) -> tuple[ast.KwArg, ...]:
        return tuple(children)

    def kwarg(self, meta: Any, children: list[Any]) -> ast.KwArg:
        name, value = children
        return ast.KwArg(str(name), value, token_span(name))


# Friendly names for the grammar's terminals, for "expected ..." messages.
_TERMINAL_NAMES = {
    "NAME": "a name",
    "STRING": "a string",
    "NUMBER": "a number",
    "COMPARE": "a comparison",
    "ADD_OP": "'+' or '-'",
    "MUL_OP": "'*', '/' or '%'",
    "OPTIONAL": "'?'",
    "PRIVATE": "'private'",
    "BUDGET_OP": "'<='",
    "$END": "end of file",
}


def _describe_terminal(name: str) -> str:
    if name in _TERMINAL_NAMES:
        return _TERMINAL_NAMES[name]
    try:
        pattern = _parser().get_terminal(name).pattern
    except KeyError:
        return name
    if pattern.type == "str":
        return f"'{pattern.value}'"
    return name.lower()


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "end of file"
    text = str(token)
    if token.type == "STRING":
        return "a string"
    return f"'{text}'" if len(text) < 40 else f"'{text[:37]}...'"


def _expected_list(expected: set[str]) -> str:
    # Names, numbers and strings first: they are what a user most often forgot.
    names = sorted({_describe_terminal(name) for name in expected}, key=lambda n: (n[0] == "'", n))
    if len(names) > 8:
        names = [*names[:8], "..."]
    return ", ".join(names)


# Words that start a statement or a declaration. The contextual lexer reads one
# as a plain name where a keyword cannot stand (`x = a +` then `return x` on the
# next line), so a syntax error a few tokens later is really about the keyword.
_LEADING_KEYWORDS = frozenset(
    {"knob", "budget", "repeat", "stop", "return", "models", "type", "prompt", "protocol"}
)


@dataclass
class _MisreadKeyword:
    token: Token
    expected: set[str]
    tokens_since: int = 0


def parse_source(text: str, path: str, sink: DiagnosticSink) -> ast.Program | None:
    """Parse `text`; on a syntax error record a diagnostic and return None."""
    if text.startswith("\ufeff"):  # a byte-order mark, as some editors write: a space
        text = " " + text[1:]
    parser = _parser().parse_interactive(text)
    misread: _MisreadKeyword | None = None
    previous: Token | None = None
    try:
        # The lexer reads each token in the parser's current state.
        for lexed in parser.lexer_thread.lex(parser.parser_state):
            token = lexed
            if token.type == "MINUS" and "ADD_OP" in parser.choices():
                # `-` is both the sign (MINUS) and the operator (ADD_OP). Where an
                # operator may follow (after an operand) the lexer still prefers the
                # sign, since an expression may also start there (`cascade { f(x) -g }`
                # parses its tiers that way); `a - b` means subtraction.
                token = Token.new_borrow_pos("ADD_OP", str(lexed), lexed)
            if misread is not None:
                misread.tokens_since += 1
                if misread.tokens_since == 1 and token.type in ("COLON", "IN", "EQUAL"):
                    misread = None  # a declaration of that name: `stop: bool`
                elif misread.tokens_since > 3:
                    misread = None
            if (
                token.type == "NAME"
                and str(token) in _LEADING_KEYWORDS
                and (previous is None or previous.type != "DOT")
            ):
                expected = {name for name in parser.choices() if name.isupper()}
                misread = _MisreadKeyword(token, expected)
            previous = token
            parser.feed_token(token)
        tree = parser.feed_eof()
    except UnexpectedInput as error:
        if misread is not None and not isinstance(error, UnexpectedCharacters):
            sink.error(
                "M0001",
                f"unexpected keyword '{misread.token}'; "
                f"expected {_expected_list(misread.expected)}",
                token_span(misread.token),
                help=f"'{misread.token}' is a keyword and cannot be a name: "
                "finish what comes before it (a missing value or closing bracket?)",
            )
        else:
            _report_syntax_error(error, text, sink)
        return None
    _balance_chains(tree)
    too_deep = _too_deep(tree)
    if too_deep is not None:
        sink.error(
            "M0001",
            f"this nests more than {_MAX_NESTING} levels deep",
            span_of(too_deep.meta),
            help="bind parts of the expression or type to names of their own",
        )
        return None
    try:
        return _Builder(path).transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, _LiteralError):
            literal = error.orig_exc
            sink.error(literal.code, literal.message, literal.span, help=literal.help)
            return None
        raise


# The passes after parsing recurse over the tree; a program nested deeper than
# this (no person writes one) is rejected rather than exhaust Python's stack.
_MAX_NESTING = 100


# A chain of one associative operator longer than this is rebuilt balanced.
_BALANCE_AFTER = 32


def _chain_key(node: Tree) -> tuple[str, str] | None:
    """What makes `node` a link of an associative chain: `+`, `and` or `or`."""
    if node.data in ("and_op", "or_op"):
        return (str(node.data), "")
    if node.data == "binary" and len(node.children) == 3 and str(node.children[1]) == "+":
        return ("binary", "+")
    return None


def _balance_chains(tree: Tree) -> None:
    """Rebuild each long chain of one associative operator (`a + b + c + ...`,
    `x and y and ...`), which the grammar nests to the left one level per term, as
    a balanced tree: 10,000 terms nest 14 deep instead of 10,000, so a long flat
    chain is not a nesting error and no later pass recurses 10,000 deep. `+`
    joins text and lists and adds numbers, `and` and `or` are what they say: the
    value is the same in either shape (a float sum may differ in its last bit)."""
    stack: list[Tree] = [tree]
    while stack:
        node = stack.pop()
        key = _chain_key(node)
        if key is not None:
            operands: list[Any] = []
            link: Any = node
            while isinstance(link, Tree) and _chain_key(link) == key:
                operands.append(link.children[-1])
                link = link.children[0]
            operands.append(link)
            operands.reverse()
            if len(operands) > _BALANCE_AFTER:
                balanced = _balanced(node, operands)
                node.children = balanced.children
        stack.extend(child for child in node.children if isinstance(child, Tree))


def _balanced(template: Tree, operands: list[Any]) -> Any:
    """Operands joined pairwise into a balanced tree of `template`'s operator."""
    level = list(operands)
    while len(level) > 1:
        joined = []
        for index in range(0, len(level) - 1, 2):
            left, right = level[index], level[index + 1]
            children = (
                [left, template.children[1], right] if template.data == "binary" else [left, right]
            )
            link = Tree(template.data, children)
            _cover(link, left, right)
            joined.append(link)
        if len(level) % 2:
            joined.append(level[-1])
        level = joined
    return level[0]


def _cover(link: Tree, left: Any, right: Any) -> None:
    """Give a new node the source span from its left to its right operand."""
    start, end = _meta_of(left), _meta_of(right)
    link.meta.line, link.meta.column = start.line, start.column
    link.meta.end_line, link.meta.end_column = end.end_line, end.end_column
    link.meta.start_pos, link.meta.end_pos = start.start_pos, end.end_pos
    link.meta.empty = False


def _meta_of(node: Any) -> Any:
    return node.meta if isinstance(node, Tree) else node  # a Token has the same fields


def _too_deep(tree: Tree) -> Tree | None:
    """The first subtree nested deeper than _MAX_NESTING, if any (iteratively)."""
    stack: list[tuple[Tree, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > _MAX_NESTING:
            return node
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))
    return None


def _report_syntax_error(error: UnexpectedInput, text: str, sink: DiagnosticSink) -> None:
    line = getattr(error, "line", 1) or 1
    column = getattr(error, "column", 1) or 1
    if line < 1:  # Lark reports EOF at -1
        line, column = _end_position(text)
    if isinstance(error, UnexpectedCharacters):
        position = error.pos_in_stream or 0
        char = text[position] if position < len(text) else ""
        if char == '"':
            if position >= 2 and text[position - 2 : position] == '""' and column > 2:
                column -= 2  # `"""` read as "" then an open quote: point at the first
            sink.error("M0002", "string is never closed", Span.point(line, column))
        else:
            sink.error("M0004", f"unexpected character {char!r}", Span.point(line, column))
        return
    if isinstance(error, UnexpectedEOF):
        line, column = _end_position(text)
        sink.error(
            "M0001",
            f"unexpected end of file; expected {_expected_list(set(error.expected))}",
            Span.point(line, column),
            help="close every '{', '(' and '[' that is open",
        )
        return
    if isinstance(error, UnexpectedToken):
        token = error.token
        if token.type == "$END":
            line, column = _end_position(text)
            span = Span.point(line, column)
            help_text = "close every '{', '(' and '[' that is open"
        else:
            span = token_span(token)
            help_text = None
        sink.error(
            "M0001",
            f"unexpected {_describe_token(token)}; expected {_expected_list(set(error.expected))}",
            span,
            help=help_text,
        )
        return
    sink.error("M0001", str(error).splitlines()[0], Span.point(line, column))


def _end_position(text: str) -> tuple[int, int]:
    """Just after the last thing in the file (trailing blank lines point nowhere)."""
    lines = source_lines(text.rstrip())
    return len(lines), len(lines[-1]) + 1
