"""Pipeline 400 and the crawlers' only door to storage: bulk writes, crawl runs, known URLs.

Everything in ``crawlers`` that touches the database goes through this package, so the import
direction stays ``crawlers -> storage`` in one place.
"""

from crawlers.pipelines.store.pages import load_cached_pages, save_cached_pages
from crawlers.pipelines.store.pipeline import StorePipeline
from crawlers.pipelines.store.runs import (
    begin_run,
    canonical_url,
    finish_run,
    load_known_urls,
    open_engine,
    source_state,
    too_few_items,
    usual_items,
)

__all__ = [
    "StorePipeline",
    "begin_run",
    "canonical_url",
    "finish_run",
    "load_cached_pages",
    "load_known_urls",
    "open_engine",
    "save_cached_pages",
    "source_state",
    "too_few_items",
    "usual_items",
]
