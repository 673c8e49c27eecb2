"""`Record`: typing.NamedTuple's behaviour at a fraction of its import cost.

A class is written as a NamedTuple is (annotated fields, defaults, methods and
properties) and behaves as one: a tuple with named fields, `_fields`,
`_field_defaults`, `_make`, `_replace`, `_asdict`, a readable repr, equal
to the same tuple. typing.NamedTuple cost the lookup path 6 ms at import:
collections.namedtuple compiles a constructor per class, and typing compiles
every string annotation to check it. Here the fields are read from the
annotations without evaluating them, and a class's constructor is compiled
only when a record of it is made with keywords or defaults.
Modules that use it keep `from __future__ import annotations`. Type checkers
see typing.NamedTuple itself.
"""

from __future__ import annotations

from operator import itemgetter

TYPE_CHECKING = False  # not typing's: importing typing is what this avoids

try:  # namedtuple's own fast accessor
    from _collections import _tuplegetter
except ImportError:  # pragma: no cover - another Python implementation

    def _tuplegetter(index: int, doc: str):
        return property(itemgetter(index), doc=doc)


_tuple_new = tuple.__new__


def _constructor(cls):
    """`__new__(cls, field, ...)` with the fields' defaults, as namedtuple makes it."""
    names = "".join(f"{field}, " for field in cls._fields)
    namespace = {"_tuple_new": _tuple_new}
    exec(f"def __new__(_cls, {names}):\n    return _tuple_new(_cls, ({names}))", namespace)
    constructor = namespace["__new__"]
    constructor.__defaults__ = tuple(cls._field_defaults.values()) or None
    constructor.__qualname__ = f"{cls.__qualname__}.__new__"
    return constructor


class _RecordType(type):
    """Makes each subclass a slotted tuple with one accessor per annotated field."""

    def __new__(mcs, name: str, bases: tuple, namespace: dict):
        if "__annotations__" not in namespace and "__annotate__" in namespace:
            raise TypeError(f"{name}: a Record's module needs 'from __future__ import annotations'")
        if any(getattr(base, "_fields", ()) for base in bases):
            raise TypeError(f"{name}: a Record with fields cannot be subclassed")
        fields = tuple(namespace.get("__annotations__", {}))
        defaults = {field: namespace.pop(field) for field in fields if field in namespace}
        later = fields[len(fields) - len(defaults) :]
        if tuple(defaults) != later:
            raise TypeError(f"{name}: fields without a default come first")
        for index, field in enumerate(fields):
            namespace[field] = _tuplegetter(index, f"Field {index}: {field}")
        namespace.update(
            __slots__=(), _fields=fields, _field_defaults=defaults, __match_args__=fields
        )
        return super().__new__(mcs, name, bases, namespace)


class _Record(tuple, metaclass=_RecordType):
    def __new__(cls, *args, **kwargs):
        if not kwargs and len(args) == len(cls._fields):
            return _tuple_new(cls, args)
        # Keywords or defaults: the constructor namedtuple would have made,
        # compiled for this class once (~0.1 ms); a class only ever made
        # from all its values never pays for it.
        cls.__new__ = staticmethod(_constructor(cls))
        return cls.__new__(cls, *args, **kwargs)

    @classmethod
    def _make(cls, iterable):
        values = _tuple_new(cls, iterable)
        if len(values) != len(cls._fields):
            raise TypeError(f"{cls.__name__} takes {len(cls._fields)} values, not {len(values)}")
        return values

    def _replace(self, **changes):
        values = self._make(map(changes.pop, self._fields, self))
        if changes:
            raise TypeError(f"{type(self).__name__} has no fields {', '.join(changes)}")
        return values

    def _asdict(self) -> dict:
        return dict(zip(self._fields, self, strict=True))

    def __getnewargs__(self) -> tuple:
        return tuple(self)

    def __repr__(self) -> str:
        pairs = zip(self._fields, self, strict=True)
        shown = ", ".join(f"{name}={value!r}" for name, value in pairs)
        return f"{type(self).__name__}({shown})"


if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    Record = _Record
