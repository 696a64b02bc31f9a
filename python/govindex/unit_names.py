"""Names of units that a domain layer adds to the generic look-up.

The generic plots (:mod:`govindex.plot`), unit reports (:mod:`govindex.reports`) and commands find
a unit by its code or its name in the data (NFC-compared). A domain layer that knows more names for
its units registers a *unit resolver*: a function of a key (a name, alias or code as the user wrote
it) that returns the unit's code, or None when the key names none of its units. A key the data does
not know is then looked up through the resolvers, in registration order, and the unit whose code
one of them returns is taken when it is among the units analysed.

:mod:`govindex.vn` registers the Vietnamese provinces when it is imported (``import govindex``
does): "Ben Tre", "TT-Huế" or "83" then find Bến Tre (:func:`govindex.vn.provinces.province`).
The generic modules never import the domain layer; this registry is how its names reach them.

>>> import govindex as gi
>>> gi.unit_names.resolve_unit("TT-Huế")
'46'
>>> gi.unit_names.resolve_unit("Atlantis") is None
True
"""

from __future__ import annotations

from typing import Callable, Optional

from ._errors import ArgumentTypeError

__all__ = ["UnitResolver", "register_unit_resolver", "resolve_unit"]

#: A function of a key (str or int as the user gave it) that returns the code of the unit it names,
#: or None when it names none; it must not raise for a key it does not know.
UnitResolver = Callable[[object], Optional[str]]

_resolvers: list[UnitResolver] = []


def register_unit_resolver(resolver: UnitResolver) -> None:
    """Adds `resolver` to the look-up of :func:`resolve_unit`, after those registered before.
    Registering the same function again changes nothing."""
    if not callable(resolver):
        raise ArgumentTypeError(
            f"resolver: expected a function of a key that returns a unit code or None, found {type(resolver).__name__}"
        )
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def resolve_unit(key: object) -> str | None:
    """The code the first registered resolver gives for `key`, or None when none names a unit."""
    for resolver in _resolvers:
        code = resolver(key)
        if code is not None:
            return code
    return None
