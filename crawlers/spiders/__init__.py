"""The spiders, found by name: every SourceSpider subclass in a module of this package.

Adding a bespoke spider is adding one module here; its ``name`` is what the sources file's
``spider = "..."`` refers to. Modules whose name starts with "_" are helpers, not spiders.
A module that fails to import is left out (and listed in BROKEN), so one broken spider
cannot stop the sources that use the others.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil

from crawlers.spiders.base import SourceSpider

logger = logging.getLogger(__name__)

#: module name -> why it could not be imported
BROKEN: dict[str, str] = {}


def discover() -> dict[str, type[SourceSpider]]:
    """Spider name -> class, for every spider module in this package."""
    found: dict[str, type[SourceSpider]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_") or module_info.name == "base":
            continue
        module_name = f"{__name__}.{module_info.name}"
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # a broken bespoke spider must not break the others
            BROKEN[module_name] = f"{type(exc).__name__}: {exc}"
            logger.error("spider module %s cannot be imported: %s", module_name, exc)
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, SourceSpider)
                and value.__module__ == module.__name__
                and value.name
            ):
                if value.name in found:
                    raise RuntimeError(
                        f"two spiders are named {value.name!r}: "
                        f"{found[value.name].__module__} and {module.__name__}"
                    )
                found[value.name] = value
    return found


SPIDERS: dict[str, type[SourceSpider]] = discover()

__all__ = ["BROKEN", "SPIDERS", "SourceSpider", "discover"]
