"""Refuse regular expressions that can backtrack for ever (catastrophic backtracking).

A schema's ``pattern`` runs on every string it covers, and Python's ``re`` backtracks: a pattern
such as ``^(a+)+$`` takes about 2^n steps on ``"aaaa…!"``, so a 30-character value hangs
validation. The schemas are code that forks and trusts may change, so each pattern is checked
when the schemas load (:func:`backtracking_risk`), on Python's own parse of it.

The check is static and on the safe side. A repeat of many iterations (``*``, ``+``, ``{n,}``,
``{n,m}`` with m over 8) is refused when one string could be split between its iterations in
more than one way:

- its body holds another repeat of many iterations, and no character the body must match is
  outside what that inner repeat matches: ``(a+)+``, ``(.*)*``, ``(\\d+\\.?)+``, ``(a+a)+``;
  ``(-[a-z]+)*`` passes, because each iteration must start with ``-``;
- its body holds a choice whose alternatives can go on with the same character: ``(a|a)*``,
  ``(a|aa)+``, ``(ab|ac)*`` (Python reads the last two as ``a(?:|a)`` and ``a(?:b|c)``, so this
  looks at the choice as Python does).

It may refuse a pattern that is in fact safe; such a pattern can always be written another way
(or with a possessive repeat, ``a++``, which never backtracks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

# A repeat allowing more iterations than this counts as "many": (a|a){1,8} is 256 ways at most.
_MANY = 8
# Characters to test classes with: ASCII and Latin-1, and a few of each kind beyond.
_SAMPLE = frozenset(
    [chr(code) for code in range(256)] + list("ĀΩЖ中٣५ߐ\u2028\u3000\U0001f600\ufffd")
)
_CATEGORY_PATTERNS = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
_SINGLE = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)
Node = tuple[Any, Any]


def backtracking_risk(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or ``None`` if it passes the check."""
    try:
        parsed = parser.parse(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        return f"it is not a regular expression Python can read ({error})"
    try:
        for body in _many_repeats(list(parsed)):
            reason = _ambiguous(body)
            if reason:
                return reason
    except RecursionError:
        return "it is nested too deeply to check"
    return None


def _many_repeats(sequence: Sequence[Node]) -> Iterator[list[Node]]:
    """The body of every repeat of many iterations, at any depth."""
    for op, value in sequence:
        for child in _children(op, value):
            yield from _many_repeats(child)
        if op in _REPEATS and value[1] > _MANY:
            yield _flatten(list(value[2]))


def _children(op: Any, value: Any) -> list[list[Node]]:
    if op in _REPEATS or op == sre.POSSESSIVE_REPEAT:
        return [list(value[2])]
    if op == sre.SUBPATTERN:
        return [list(value[3])]
    if op == sre.BRANCH:
        return [list(alternative) for alternative in value[1]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [list(value[1])]
    if op == sre.ATOMIC_GROUP:
        return [list(value)]
    if op == sre.GROUPREF_EXISTS:
        return [list(part) for part in value[1:] if part is not None]
    return []


def _flatten(sequence: list[Node]) -> list[Node]:
    """Groups opened up, so ``((a+)b?)`` reads as ``a+ b?``."""
    flat: list[Node] = []
    for op, value in sequence:
        if op == sre.SUBPATTERN:
            flat.extend(_flatten(list(value[3])))
        else:
            flat.append((op, value))
    return flat


def _ambiguous(body: list[Node]) -> str | None:
    for index, (op, value) in enumerate(body):
        for inner in _inner_many_repeats(op, value):
            repeated = _characters([inner])
            others = body[:index] + body[index + 1 :]
            delimited = any(
                not _first(node)[1] and not (_characters([node]) & repeated) for node in others
            )
            if not delimited:
                return "a repeated group holds another repeat that can match the same text"
        if op == sre.BRANCH:
            # An alternative that can match nothing starts with whatever follows it, which
            # may be the next iteration: a|aa is read as a(?:|a), and both choices then go on
            # with "a".
            rest, rest_empty = _first_of(body[index + 1 :])
            follow = rest | (_first_of(body)[0] if rest_empty else frozenset())
            starts = [
                first | follow if empty else first
                for first, empty in (_first_of(list(alt)) for alt in value[1])
            ]
            for i, one in enumerate(starts):
                if any(one & other for other in starts[i + 1 :]):
                    return "a repeated choice has alternatives that can start the same way"
    return None


def _inner_many_repeats(op: Any, value: Any) -> Iterator[Node]:
    if op in _REPEATS and value[1] > _MANY:
        yield (op, value)
        return
    for child in _children(op, value):
        for child_op, child_value in child:
            yield from _inner_many_repeats(child_op, child_value)


def _characters(sequence: Sequence[Node]) -> frozenset[str]:
    """Every character ``sequence`` can match anywhere (of the sample)."""
    found: set[str] = set()
    for op, value in sequence:
        if op in _SINGLE:
            found |= _single(op, value)
        for child in _children(op, value):
            found |= _characters(child)
        if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            return _SAMPLE
    return frozenset(found)


def _first_of(sequence: Sequence[Node]) -> tuple[frozenset[str], bool]:
    """The characters ``sequence`` can start with, and whether it can match nothing."""
    found: set[str] = set()
    for node in sequence:
        first, empty = _first(node)
        found |= first
        if not empty:
            return frozenset(found), False
    return frozenset(found), True


def _first(node: Node) -> tuple[frozenset[str], bool]:
    op, value = node
    if op in _SINGLE:
        return _single(op, value), False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return frozenset(), True
    if op == sre.SUBPATTERN:
        return _first_of(list(value[3]))
    if op == sre.ATOMIC_GROUP:
        return _first_of(list(value))
    if op == sre.BRANCH:
        parts = [_first_of(list(alternative)) for alternative in value[1]]
        return frozenset().union(*(p[0] for p in parts)), any(p[1] for p in parts)
    if op in _REPEATS or op == sre.POSSESSIVE_REPEAT:
        first, empty = _first_of(list(value[2]))
        return first, empty or value[0] == 0
    return _SAMPLE, True  # back-references and the like: assume anything


def _single(op: Any, value: Any) -> frozenset[str]:
    if op == sre.LITERAL:
        return frozenset([chr(value)])
    if op == sre.NOT_LITERAL:
        return _SAMPLE - {chr(value)}
    if op == sre.ANY:
        return _SAMPLE
    matched: set[str] = set()
    negate = False
    for item_op, item in value:
        if item_op == sre.NEGATE:
            negate = True
        elif item_op == sre.LITERAL:
            matched.add(chr(item))
        elif item_op == sre.RANGE:
            matched |= {ch for ch in _SAMPLE if item[0] <= ord(ch) <= item[1]}
        elif item_op == sre.CATEGORY and item in _CATEGORY_PATTERNS:
            category = re.compile(_CATEGORY_PATTERNS[item])
            matched |= {ch for ch in _SAMPLE if category.fullmatch(ch)}
        else:
            matched |= _SAMPLE
    return _SAMPLE - matched if negate else frozenset(matched)
