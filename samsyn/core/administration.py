"""The partnership's own registers, kept by its administrator in the UI: what each kind of record is
called, which fields people fill in, which columns its list shows and where it belongs.

Each app describes its registers (people and roles here; focus areas' societal goals in the
portfolio, financing in the economy, diary series in the archive) as `Register`s and adds them
from its AppConfig.ready() with `register_add`; core's pages list and edit them all the same way,
under one action of the policy, with every change in the audit history.

Keys and orders are not typed by people: a record's key is made from its name when it is added,
and a new record goes last in a list that has an order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.text import slugify

from .audit import SECRET_SET

# The policy's one action for every register: the partnership's own administrator keeps them.
ACTION = "administration.manage"


@dataclass(frozen=True)
class Column:
    """A column of a register's list: a field of the record (`name`), or `value(record)` in words."""

    name: str
    label: Promise | str | None = None
    value: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Register:
    """One kind of record the administrator keeps.

    `path` is its address under the administration ("parter"); `group` the heading it is listed
    under; `fields` what the form asks, in order; `columns` what its list shows (the first names
    the record and links to its form); `related` what the list reads with it (select_related) and
    `prefetch` (prefetch_related), so that the list takes the same few queries whatever its length.
    `key_field`/`key_from`: a key made from another field when a record is added. `order_field`: a
    new record goes last. `help` says in a sentence what the register is for.
    """

    path: str
    model: type[models.Model]
    group: Promise | str
    order: int
    fields: tuple[str, ...]
    columns: tuple[Column, ...]
    help: Promise | str = ""
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    key_field: str = ""
    key_from: str = ""
    order_field: str = ""
    # Field name -> help text shown under the field, where a label alone would leave people guessing.
    field_help: Mapping[str, Promise | str] = field(default_factory=dict)
    # A form of the register's own (a subclass of core.forms.RegisterForm), where a field is asked as
    # several (a printed figure's measure); its clean() puts every name of `fields` in cleaned_data.
    form: type | None = None
    # Fields written but never shown again nor recorded (a client secret): the history says only
    # that one was set or changed (snapshot's `secret`).
    secret_fields: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def singular(self) -> str:
        return str(self.model._meta.verbose_name)


_registers: dict[str, Register] = {}


def register_add(register: Register) -> None:
    """Add an app's register; its path is its own."""
    known = _registers.get(register.path)
    if known is not None and known != register:
        raise ValueError(f"register path {register.path!r} is taken")
    _registers[register.path] = register


def registers() -> list[Register]:
    """Every register, in the order of their groups and then their own."""
    return sorted(_registers.values(), key=lambda r: r.order)


def register_for(path: str) -> Register | None:
    return _registers.get(path)


def register_of_model(model: type[models.Model]) -> Register | None:
    return next((r for r in _registers.values() if r.model is model), None)


def grouped(items: Iterable[Register]) -> list[tuple[str, list[Register]]]:
    """Registers under their group headings, groups in the order of their first register."""
    groups: dict[str, list[Register]] = {}
    for register in sorted(items, key=lambda r: r.order):
        groups.setdefault(str(register.group), []).append(register)
    return list(groups.items())


# ---------------------------------------------------------------- pure helpers


def key_for(text: str, taken: Iterable[str], *, max_length: int = 50) -> str:
    """A key made from `text` ("Västerås stad" -> "vasteras-stad") that none of `taken` has:
    "-2", "-3" ... is added when it would be, and the text is cut to leave room for it."""
    # slugify folds å, ä and ö to a, a and o.
    base = slugify(text)[:max_length].strip("-") or "post"
    taken_set = set(taken)
    if base not in taken_set:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].strip("-") + suffix
        if candidate not in taken_set:
            return candidate
        number += 1


def snapshot(obj: models.Model, names: Iterable[str], *, secret: Iterable[str] = ()) -> dict[str, Any]:
    """What the audit history keeps of a record: each named field's value as JSON, a related record
    by its name (never its id), money in öre, and the record's own name for the sentence. A `secret`
    field is kept as SECRET_SET when it has a value, never the value itself."""
    data: dict[str, Any] = {}
    hidden = set(secret)
    for name in names:
        model_field = obj._meta.get_field(name)
        if name in hidden:
            data[name] = SECRET_SET if getattr(obj, name) else ""
        elif model_field.many_to_many:
            data[name] = sorted(str(o) for o in getattr(obj, name).all()) if obj.pk else []
        elif model_field.is_relation:
            related = getattr(obj, name)
            data[name] = str(related) if related is not None else None
        else:
            value = getattr(obj, name)
            data[name] = value.isoformat(timespec="minutes") if isinstance(value, time) else value
            if isinstance(value, date):
                data[name] = value.isoformat()
    if not any(isinstance(data.get(n), str) and data[n] for n in ("name", "title", "text")):
        data["name"] = str(obj)
    return data
