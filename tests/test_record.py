"""record.Record behaves as typing.NamedTuple does, for what the models use."""

from __future__ import annotations

import copy
import pickle
from typing import NamedTuple

import pytest

from casefile_cli.models import Ref, Section
from casefile_cli.record import Record


class Fast(Record):
    """A record."""

    id: str
    name: str
    role: str | None = None
    casefile: str | None = None

    @property
    def shout(self) -> str:
        return self.name.upper()


class Typed(NamedTuple):
    id: str
    name: str
    role: str | None = None
    casefile: str | None = None


@pytest.mark.parametrize(
    "args, kwargs",
    [(("a", "b"), {}), (("a", "b", "r", "c"), {}), (("a",), {"name": "b", "casefile": "c"}),
     ((), {"id": "a", "name": "b", "role": "r"})],
)  # fmt: skip
def test_made_like_a_namedtuple(args, kwargs):
    fast, typed = Fast(*args, **kwargs), Typed(*args, **kwargs)
    assert fast == typed and tuple(fast) == tuple(typed) and hash(fast) == hash(typed)
    assert fast._asdict() == typed._asdict()
    assert fast._replace(role="x") == typed._replace(role="x")
    assert repr(fast) == repr(typed).replace("Typed", "Fast")
    assert (fast.id, fast.name, fast.role, fast.casefile) == tuple(typed)


def test_class_attributes_and_methods():
    assert Fast._fields == Typed._fields == ("id", "name", "role", "casefile")
    assert Fast._field_defaults == Typed._field_defaults
    assert Fast.__match_args__ == Fast._fields
    assert Fast.__doc__ == "A record." and Fast("a", "b").shout == "B"
    assert Fast._make(["a", "b", "c", "d"]) == ("a", "b", "c", "d")
    assert isinstance(Fast("a", "b"), tuple) and not hasattr(Fast("a", "b"), "__dict__")


def test_wrong_arguments_are_type_errors():
    for make in (
        lambda: Fast("a"),
        lambda: Fast("a", "b", name="c"),
        lambda: Fast("a", "b", "c", "d", "e"),
        lambda: Fast("a", "b", colour="red"),
        lambda: Fast("a", "b")._replace(colour="red"),
        lambda: Fast._make(["a"]),
    ):
        with pytest.raises(TypeError):
            make()
    with pytest.raises(AttributeError):
        Fast("a", "b").name = "c"


def test_copied_and_pickled():
    ref = Ref("leon-trotsky", "Leon Trotsky", casefile="0121")
    section = Section("0121/kirov", "0121", "kirov", "Kirov", "01 December 1934")
    for value in (ref, section):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value and copy.copy(value) == value
    assert section.label == "#0121 § Kirov (01 Dec 1934)"


def test_a_field_without_a_default_after_one_with_is_refused():
    with pytest.raises(TypeError):

        class Wrong(Record):
            a: str = ""
            b: str
