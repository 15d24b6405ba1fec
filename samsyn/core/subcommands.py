"""`samsyn import <what>` and `samsyn report <what>`: each app adds its own kinds.

An app lists them in <app>/cli.py as IMPORT = {"outcomes": Subcommand(...)} and
REPORT = {...}; the core commands collect them so that one verb covers every app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass(frozen=True)
class Subcommand:
    help: str
    add_arguments: Callable  # (parser) -> None
    handle: Callable  # (command, **options) -> str | None


def collect(verb: str, extra: Callable[[], dict[str, Subcommand]] | None = None) -> dict[str, Subcommand]:
    """The verb's kinds from every app's cli module, and from `extra` (the report registry)."""
    found: dict[str, Subcommand] = dict(extra() if extra else {})
    for config in apps.get_app_configs():
        module = f"{config.name}.cli"
        if not config.name.startswith("samsyn.") or not find_spec(module):
            continue
        for name, sub in getattr(import_module(module), verb.upper(), {}).items():
            if name in found:
                raise ValueError(f"`samsyn {verb} {name}` is defined twice")
            found[name] = sub
    return found


def dispatching_command(verb: str, help_text: str, extra: Callable[[], dict[str, Subcommand]] | None = None):
    from django.core.management.base import BaseCommand

    class Command(BaseCommand):
        help = help_text

        def add_arguments(self, parser):
            subparsers = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
            for name, sub in sorted(collect(verb, extra).items()):
                sub.add_arguments(subparsers.add_parser(name, help=sub.help, description=sub.help))

        def handle(self, *args, what, **options):
            return collect(verb, extra)[what].handle(self, **options)

    return Command
