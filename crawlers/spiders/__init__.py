"""The spiders, found by name: every SourceSpider subclass in a module of this package.

Adding a bespoke spider is adding one module here; its ``name`` is what the sources file's
``spider = "..."`` refers to.
"""

from __future__ import annotations

import importlib
import pkgutil

from crawlers.spiders.base import SourceSpider


def discover() -> dict[str, type[SourceSpider]]:
    """Spider name -> class, for every spider module in this package."""
    found: dict[str, type[SourceSpider]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_") or module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
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

__all__ = ["SPIDERS", "SourceSpider", "discover"]
