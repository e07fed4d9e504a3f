"""Option values without pydantic on the usual path: a faster start for every command.

typer 0.29 checks every option's value with a pydantic ``TypeAdapter``. Importing pydantic
and building the adapters of a command's 40 options costs about 0.08 s, a third of
``fatalities trend --country Mali`` on the bundled sample. ``install`` gives typer a
quicker check for the kinds of option this CLI has (text, lists of text, whole numbers,
choices, options with a ``parser``) and keeps typer's own pydantic check for everything
else *and for every value the quick check does not accept*, so anything unusual, and every
error message, is exactly typer's. If typer's internals are not what this module expects,
``install`` leaves typer alone.

>>> install()
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

#: A whole number as typed on a command line (anything else goes to typer's check).
_WHOLE = re.compile(r"-?[0-9]{1,18}")

Leaf = Callable[[Any, Any], Any]


class _NotQuick(Exception):
    """The quick check does not take this value: typer's own check decides."""


def install() -> bool:
    """Make typer build quick value checks; ``False`` (and nothing changed) if it cannot."""
    try:
        from typer import _coercion, core
        from typer._param_types import coerce_cli_choice
        from typer._typing import get_args, get_origin
    except ImportError:  # pragma: no cover - another typer
        return False
    original = getattr(core, "build_runtime_param", None)
    runtime_param = getattr(_coercion, "RuntimeParam", None)
    if original is None or runtime_param is None:  # pragma: no cover - another typer
        return False
    if getattr(original, "quick", False):
        return True
    typer_check: Callable[[Any], Any] = original

    @dataclass(frozen=True)
    class QuickParam(runtime_param):  # type: ignore[misc, valid-type]
        """A value check that falls back to typer's (pydantic) one when in doubt."""

        descriptor: Any = None
        leaf: Leaf | None = None
        is_list: bool = False
        full: list[Any] = field(default_factory=list)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.leaf is not None:
                try:
                    if not self.is_list:
                        return self.leaf(value, ctx)
                    if isinstance(value, list | tuple):
                        return [self.leaf(item, ctx) for item in value]
                except Exception:  # typer's check below decides, and explains
                    pass
            elif self.is_list and isinstance(value, list | tuple) and not value:
                return []
            if not self.full:
                self.full.append(typer_check(self.descriptor))
            return self.full[0]._coerce_value(value, param=param, ctx=ctx)

    def leaf_for(annotation: Any, info: Any) -> Leaf | None:
        """The quick check of one value, in the order typer's own checks are chosen."""
        parser = getattr(info, "parser", None)
        if parser is not None:
            return lambda value, ctx: parser(value)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            choices = list(annotation)
            sensitive = bool(getattr(info, "case_sensitive", True))
            return lambda value, ctx: coerce_cli_choice(
                value, choices=choices, case_sensitive=sensitive, ctx=ctx
            )
        if annotation is str:
            return _text
        if annotation is int and _unbounded(info):
            return _whole
        return None

    def build(descriptor: Any) -> Any:
        annotation = descriptor.annotation
        info = descriptor.parameter_info
        is_list = get_origin(annotation) is list
        item = get_args(annotation)[0] if is_list and get_args(annotation) else annotation
        leaf = None if descriptor.file_annotation is not None else leaf_for(item, info)
        if get_origin(annotation) is not None and not is_list:
            leaf = None  # tuples and other generics: typer's check
        return QuickParam(
            parameter_info=info,
            annotation=annotation,
            descriptor=descriptor,
            leaf=leaf,
            is_list=is_list,
        )

    build.quick = True  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", build)  # noqa: B010 - typer does not export it
    return True


def _text(value: Any, ctx: Any) -> str:
    if type(value) is not str:
        raise _NotQuick
    return value


def _whole(value: Any, ctx: Any) -> int:
    if type(value) is not str or not _WHOLE.fullmatch(value):
        raise _NotQuick
    return int(value)


def _unbounded(info: Any) -> bool:
    return all(getattr(info, name, None) is None for name in ("min", "max")) and not getattr(
        info, "clamp", False
    )
