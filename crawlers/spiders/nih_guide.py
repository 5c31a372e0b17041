"""The `nih-guide` spider: NIH Guide notices of funding opportunity (NOFO pages), and lists of them.

A NOFO page (``grants.nih.gov/grants/guide/{pa,rfa}-files/<number>.html``) lays out its
overview as label/value rows (``div.datalabel`` + ``div.datacolumn``: title, number,
participating organizations, purpose, posted/open/expiration dates...), the application due
dates in ``table#keyDatesContentTable``, and Section III (elements tagged
``data-section-code="EI"``) with eligible organizations, foreign-organization eligibility and
eligible individuals. Any other page — the NIH Guide RSS feed of new funding opportunities, a
search or index page — is read as a list: every link to a NOFO page on it is followed (up to
``options.max_notices``, default 200).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from parsel import Selector, SelectorList
from scrapy.http import Response

from crawlers.selectors import FieldSelector, collapse
from crawlers.spiders._options import OptionTypes, check_options
from crawlers.spiders.base import SourceSpider

if TYPE_CHECKING:
    from crawlers.sources import SourceConfig

_NOFO_LINK = re.compile(r"[^\s\"'<>]*/(?:pa|rfa)-files/[A-Za-z0-9-]+\.html?", re.IGNORECASE)
_NUMBER_IN_TITLE = re.compile(r"^\s*([A-Z]{2,4}-[A-Z0-9]{2,3}-\d{2}-\d{3})\s*:")
_LONG_DATE = re.compile(r"[A-Z][a-z]+\.? \d{1,2}, \d{4}")
_FOREIGN_ENTITIES = re.compile(
    r"Non-domestic \(non-U\.S\.\) Entities \(Foreign Organizations\)\s+are\s+(not\s+)?eligible",
    re.IGNORECASE,
)
_FOREIGN_COMPONENTS = re.compile(
    r"Non-domestic \(non-U\.S\.\) components of U\.S\. Organizations\s+are\s+(not\s+)?eligible",
    re.IGNORECASE,
)
_FOREIGN_ALLOWED = re.compile(r"Foreign components.*?\bare\s+(not\s+)?allowed", re.IGNORECASE)
_WHOLE_TEXT = FieldSelector("xpath", ".")
# Section III headings kept as the eligibility text, in the page's words.
_ELIGIBILITY_HEADINGS = ("Eligible Organizations", "Foreign Organizations", "Eligible Individuals")
# Activity code families (NIH's own grouping): F = fellowships, K = career development,
# T/D = training; everything else (R, U, P, S...) is a research grant.
_KINDS = {"F": "fellowship", "K": "fellowship", "T": "training", "D": "training"}


class NihGuideSpider(SourceSpider):
    """One raw opportunity per NOFO page; list pages and feeds lead to NOFO pages."""

    name = "nih-guide"
    option_types: ClassVar[OptionTypes] = {"max_notices": int}

    @classmethod
    def check_source(cls, source: SourceConfig) -> list[str]:
        """Only ``max_notices`` (a positive integer) is an option."""
        problems = super().check_source(source)
        problems.extend(check_options(source.options, cls.option_types, cls.name))
        limit = source.options.get("max_notices", 200)
        if isinstance(limit, int) and limit < 1:
            problems.append(f"options.max_notices: must be at least 1 (got {limit})")
        return problems

    def __init__(self, source: SourceConfig, **kwargs: Any):
        super().__init__(source, **kwargs)
        self.followed: set[str] = set()

    def parse(self, response: Response) -> Iterator[Any]:
        """A NOFO page gives an item; any other page gives the NOFO pages it links to."""
        if not self.text_response(response):
            return
        if response.xpath("//div[contains(@class, 'datalabel')]"):
            yield self.parse_notice(response)
            return
        limit = self.source.options.get("max_notices", 200)
        links = list(dict.fromkeys(_NOFO_LINK.findall(response.text)))
        if not links:
            self.record_error(response.url, "neither a NOFO page nor a page linking to one")
        for href in links:
            url = response.urljoin(href.replace("&amp;", "&"))
            if url in self.followed:
                continue
            if len(self.followed) >= limit:
                self.logger.info("stopped at max_notices=%d", limit)
                break
            self.followed.add(url)
            yield self.request(url, self.parse)

    def parse_notice(self, response: Response) -> dict[str, Any]:
        """The NOFO's title, number, funder, dates, money and eligibility."""
        rows = _label_rows(response)
        page_title = collapse(response.css("title::text").get() or "")
        number = _row(rows, "opportunity number", "(fon)", "nofo) number", "(foa) number")
        if not number:
            match = _NUMBER_IN_TITLE.match(page_title)
            number = match.group(1) if match else ""
        title = _row(rows, "funding opportunity title") or _NUMBER_IN_TITLE.sub("", page_title)
        activity = _row(rows, "activity code")
        due_dates = _due_dates(response) or _row(rows, "application due date")
        eligibility = _eligibility_sections(response)
        foreign_text = eligibility.get("Foreign Organizations", "")
        foreign = _yes_no(_FOREIGN_ENTITIES, foreign_text)
        return self.make_item(
            title=title,
            url=response.url,
            external_id=number,
            funder=_row(rows, "participating organization"),
            summary=_row(rows, "funding opportunity purpose"),
            published_text=_row(rows, "posted date"),
            deadline_text=_deadline_text(due_dates, response),
            amount_text=_row(rows, "award budget"),
            eligibility_text="\n".join(
                f"{heading}: {text}" for heading, text in eligibility.items() if text
            ),
            # Foreign organizations not eligible = only U.S. organizations may apply.
            eligible_countries=["US"] if foreign is False else None,
            kind_text=_KINDS.get(activity[:1].upper(), "grant") if activity else "grant",
            language="en",
            extra={
                "notice_number": number,
                "activity_code": activity.split(" ")[0] if activity else None,
                "institutes": _row(rows, "components of participating"),
                "open_date": _row(rows, "open date"),
                "letter_of_intent_due": _row(rows, "letter of intent"),
                "expiration_date": _row(rows, "expiration date"),
                "application_due_dates": [_iso(d) or d for d in due_dates]
                if isinstance(due_dates, list)
                else due_dates,
                "funds_available": _row(rows, "funds available"),
                "project_period": _row(rows, "award project period"),
                "clinical_trial": _row(rows, "clinical trial"),
                "foreign_organizations_eligible": foreign,
                "foreign_components_of_us_organizations_eligible": _yes_no(
                    _FOREIGN_COMPONENTS, foreign_text
                ),
                "foreign_components_allowed": _yes_no(_FOREIGN_ALLOWED, foreign_text),
                # NIH writes numeric dates month first.
                "date_order": "MDY",
            },
        )


def _label_rows(response: Response) -> list[tuple[str, str]]:
    """(label, value text) for every overview row, in page order."""
    rows = []
    for label in response.xpath("//div[contains(@class, 'datalabel')]"):
        value = label.xpath("following-sibling::div[contains(@class, 'datacolumn')][1]")
        rows.append((_text(label).lower(), _text(value)))
    return rows


def _row(rows: list[tuple[str, str]], *needles: str) -> str:
    """The first row whose label contains one of the words ("" when none has a value)."""
    for label, value in rows:
        if "companion" in label:
            continue
        if any(needle in label for needle in needles) and value:
            return value
    return ""


def _due_dates(response: Response) -> list[str]:
    """Application due dates from the key dates table ("June 02, 2025"), in order, once each."""
    table = response.css("table#keyDatesContentTable")
    if not table:
        return []
    # The first header row spans "Application Due Dates" over the first N columns.
    first = table.css("thead tr:first-child th")
    span = 1
    if first and "due" in _text(first[0]).lower():
        span = int(first[0].attrib.get("colspan", "1") or 1)
    dates: list[str] = []
    for row in table.css("tbody tr"):
        for cell in row.css("td")[:span]:
            dates.extend(_LONG_DATE.findall(_text(cell)))
    unique = list(dict.fromkeys(dates))
    return sorted(unique, key=lambda d: _iso(d) or d)


def _deadline_text(due_dates: list[str] | str, response: Response) -> str | None:
    if not due_dates:
        return None
    dates = "; ".join(due_dates) if isinstance(due_dates, list) else due_dates
    # "All applications are due by 5:00 PM local time of applicant organization."
    notes = [
        _text(node)
        for node in response.xpath("//*[@data-section-code='KD'][not(@class)]")
        if "due by" in _text(node).lower()
    ]
    time_note = next(
        (s.strip() for n in notes for s in re.split(r"(?<=\.)\s+", n) if "due by" in s.lower()),
        "",
    )
    return f"{dates}. {time_note}".strip() if time_note else dates


def _eligibility_sections(response: Response) -> dict[str, str]:
    """Section III text under the headings this office filters on, block by block."""
    sections: dict[str, list[str]] = {}
    current = None
    elements = response.xpath("//*[@data-section-code='EI'][not(ancestor::*[@data-section-code])]")
    for element in elements:
        text = _text(element)
        if "heading4" in element.attrib.get("class", ""):
            current = next((h for h in _ELIGIBILITY_HEADINGS if text.startswith(h)), None)
            continue
        if current is None or not text or text.startswith(("2.", "3.")):
            if text.startswith(("2.", "3.")):
                current = None
            continue
        sections.setdefault(current, []).extend(_blocks(element))
    return {heading: "; ".join(blocks) for heading, blocks in sections.items()}


def _blocks(element: Selector) -> list[str]:
    """Paragraph and list-item texts of an element (its whole text when it has neither)."""
    nodes = element.xpath(".//p[not(.//p)] | .//li[not(.//li)]")
    texts = [_text(node) for node in nodes] if nodes else [_text(element)]
    return [t for t in texts if t]


def _yes_no(pattern: re.Pattern[str], text: str) -> bool | None:
    match = pattern.search(text)
    if match is None:
        return None
    return match.group(1) is None


def _text(node: Selector | SelectorList[Selector]) -> str:
    """Visible text, spaces only at block boundaries ("(NIH)" stays "(NIH)")."""
    return _WHOLE_TEXT.text(node)


def _iso(text: str) -> str | None:
    for pattern in ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None
