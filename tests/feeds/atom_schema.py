"""Atom checks for the tests: the RFC 4287 Appendix B RELAX NG schema plus its Schematron rules."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent / "data"
ATOM_RNC = DATA / "atom.rnc"  # the RFC's text
ATOM_RNG = DATA / "atom.rng"  # trang -I rnc -O rng atom.rnc atom.rng
NS = {"atom": "http://www.w3.org/2005/Atom"}
_S = "{http://www.ascc.net/xml/schematron}"


@cache
def _grammar() -> etree._ElementTree:
    return etree.parse(str(ATOM_RNG))


@cache
def _rules() -> tuple[tuple[str, str, str], ...]:
    """(context, test, message) of the Schematron rules the RFC writes as annotations; RELAX NG
    validators skip annotations, so the two "must have an atom:author/link" rules run here."""
    return tuple(
        (rule.get("context"), check.get("test"), " ".join(check.text.split()))
        for rule in _grammar().iter(f"{_S}rule")
        for check in rule.iter(f"{_S}assert")
    )


def atom_errors(data: bytes) -> list[str]:
    """Every way ``data`` breaks RFC 4287's schema; empty when it is a valid Atom document."""
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        return [f"not XML: {exc}"]
    schema = etree.RelaxNG(_grammar())  # a fresh validator: its error log is this file's only
    errors = [] if schema.validate(root) else [str(e) for e in schema.error_log]
    for context, test, message in _rules():
        for element in root.xpath(f"descendant-or-self::{context}", namespaces=NS):
            if not element.xpath(f"boolean({test})", namespaces=NS):
                errors.append(f"line {element.sourceline}: {message}")
    return errors
