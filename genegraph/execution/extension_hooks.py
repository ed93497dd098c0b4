"""Strawberry's extension runner, with each extension class's hooks looked up once.

For every request and each of its four steps (operation, parsing, validation, execution)
Strawberry's runner asks every extension whether it has a hook for the step, inspects
the hook (generator? async?) and wraps it in a new ``contextlib.contextmanager`` (a
``functools.update_wrapper`` each): forty look-ups and wraps a request for the schema's
ten extensions, about a fifth of the CPU Strawberry spends outside execution. Here the
answer for each (class, step) is worked out on first use and kept, so that a request
only makes the context managers (and asks only extensions that have results for them).
Entering and leaving them is Strawberry's own code (``ExtensionContextManagerBase``):
hooks run in the same order, and an error raised inside a step reaches them the same way.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import (
    ExecutingContextManager,
    ExtensionContextManagerBase,
    OperationContextManager,
    ParsingContextManager,
    ValidationContextManager,
    WrappedHook,
)
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.types import ExecutionContext
from strawberry.utils.await_maybe import await_maybe

# Makes an extension's context manager for one step, given the extension.
HookFactory = Callable[[SchemaExtension], Any]
Resolved = tuple[HookFactory, bool] | None  # (factory, is async), or None: no hook
_resolved: dict[tuple[type[SchemaExtension], str], Resolved] = {}


def resolve_hook(kind: type[SchemaExtension], name: str) -> Resolved:
    """The factory of ``kind``'s hook ``name``, told apart as Strawberry's ``get_hook``
    does; None when ``kind`` keeps the default (no hook)."""
    hook: Any = getattr(kind, name)
    if hook is getattr(SchemaExtension, name):
        return None
    if inspect.isgeneratorfunction(hook):
        return contextlib.contextmanager(hook), False
    if inspect.isasyncgenfunction(hook):
        return contextlib.asynccontextmanager(hook), True
    if not callable(hook):
        raise ValueError(f"Hook {name} on {kind} must be callable, received {hook!r}")

    def from_callable(extension: SchemaExtension) -> Any:
        # A plain or async function: Strawberry's own wrapping, per extension.
        return ExtensionContextManagerBase.from_callable(extension, hook).hook()

    return from_callable, inspect.iscoroutinefunction(hook)


class _CachedHooks(ExtensionContextManagerBase):
    """A step's hooks for one request, made from the factories resolved once."""

    def __init__(self, extensions: list[SchemaExtension]) -> None:
        self.hooks = []
        name = self.HOOK_NAME
        for extension in extensions:
            key = (type(extension), name)
            try:
                resolved = _resolved[key]
            except KeyError:
                resolved = _resolved[key] = resolve_hook(type(extension), name)
            if resolved is not None:
                factory, is_async = resolved
                hook = functools.partial(factory, extension)
                self.hooks.append(WrappedHook(extension, hook, is_async))


class _Operation(_CachedHooks, OperationContextManager):
    pass


class _Parsing(_CachedHooks, ParsingContextManager):
    pass


class _Validation(_CachedHooks, ValidationContextManager):
    pass


class _Executing(_CachedHooks, ExecutingContextManager):
    pass


class CachedHooksRunner(SchemaExtensionsRunner):
    """``SchemaExtensionsRunner`` whose steps use the hooks resolved once per class."""

    def operation(self) -> OperationContextManager:
        return _Operation(self.extensions)

    def validation(self) -> ValidationContextManager:
        return _Validation(self.extensions)

    def parsing(self) -> ParsingContextManager:
        return _Parsing(self.extensions)

    def executing(self) -> ExecutingContextManager:
        return _Executing(self.extensions)

    async def get_extensions_results(self, ctx: ExecutionContext) -> dict[str, Any]:
        # As Strawberry's, skipping the extensions that keep the default (no results).
        data: dict[str, Any] = {}
        for extension in self.extensions:
            if type(extension).get_results is not SchemaExtension.get_results:
                data.update(await await_maybe(extension.get_results()))
        data.update(ctx.extensions_results)
        return data
