"""Deeply read-only data: what a ``Spec`` holds.

``freeze`` turns the plain dicts and lists the loader builds into ``FrozenDict`` and
``FrozenList``. They are subclasses of ``dict`` and ``list``, so templates, ``json.dumps``
and comparisons with plain data work unchanged, but every method that would change them raises
``TypeError``. A process can then hold the base spec and many tailored editions side by side
without one ever changing another. To change data, copy it (``dict(d)``, ``list(x)``, ``thaw``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

_READ_ONLY = "spec data is read-only; copy it (dict(...), list(...) or thaw(...)) to change it"


def _refuse(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise TypeError(_READ_ONLY)


class FrozenDict(dict[str, Any]):
    """A ``dict`` that refuses every change after it is made."""

    __slots__ = ()

    __setitem__ = _refuse
    __delitem__ = _refuse
    __ior__ = _refuse
    clear = _refuse
    pop = _refuse
    popitem = _refuse
    setdefault = _refuse
    update = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle (for worker processes) rebuilds from the items, never through __setitem__.
        return (FrozenDict, (dict(self),))

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, _memo: dict[int, Any]) -> FrozenDict:
        return self


class FrozenList(list[Any]):
    """A ``list`` that refuses every change after it is made."""

    __slots__ = ()

    __setitem__ = _refuse
    __delitem__ = _refuse
    __iadd__ = _refuse
    __imul__ = _refuse
    append = _refuse
    extend = _refuse
    insert = _refuse
    remove = _refuse
    pop = _refuse
    clear = _refuse
    sort = _refuse
    reverse = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenList, (list(self),))

    def __copy__(self) -> FrozenList:
        return self

    def __deepcopy__(self, _memo: dict[int, Any]) -> FrozenList:
        return self


def freeze(value: Any) -> Any:
    """``value`` with every dict and list in it, at any depth, made read-only.

    Iterative, not recursive, so deeply nested data cannot exhaust the stack.
    """
    if not isinstance(value, dict | list):
        return value
    # Post-order over an explicit stack: children are frozen before their parent is built.
    done: dict[int, Any] = {}
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in done:
            continue
        children = list(node.values()) if isinstance(node, dict) else list(node)
        containers = [child for child in children if isinstance(child, dict | list)]
        if not expanded and containers:
            stack.append((node, True))
            stack.extend((child, False) for child in containers)
            continue
        done[id(node)] = _frozen_copy(node, done)
    return done[id(value)]


def _frozen_copy(node: dict[str, Any] | list[Any], done: Mapping[int, Any]) -> Any:
    def frozen(child: Any) -> Any:
        return done[id(child)] if isinstance(child, dict | list) else child

    if isinstance(node, dict):
        return FrozenDict((key, frozen(child)) for key, child in node.items())
    return FrozenList(frozen(child) for child in node)


def thaw(value: Any) -> Any:
    """A plain, changeable copy of frozen data (dicts and lists all the way down)."""
    if isinstance(value, Mapping):
        return {key: thaw(child) for key, child in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(child) for child in value]
    return value
