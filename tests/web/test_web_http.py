"""The web app over plain HTTP (no browser needed): CSRF refusal and conditional feed GETs."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from storage import repository as repo


def test_a_forged_form_is_refused_and_writes_nothing(site):
    base, engine = site
    data = b"opportunity_id=demo%2Fcall-1&action=hide&csrf_token=forged"
    request = urllib.request.Request(base + "/staff", data=data, method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code == 400
    err.value.close()
    assert repo.load_curation(engine, [])["hidden"] == set()


def test_feeds_are_served_with_conditional_get(site):
    base, _engine = site
    with urllib.request.urlopen(base + "/feeds/all.atom", timeout=10) as first:
        etag = first.headers["ETag"]
        assert first.headers["Content-Type"].startswith("application/atom+xml")
        assert b"Solar photovoltaics" in first.read()
    again = urllib.request.Request(base + "/feeds/all.atom", headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(again, timeout=10)
    assert err.value.code == 304
    err.value.close()
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(base + "/feeds/..%2Fradar.db", timeout=10)
    assert missing.value.code == 404
    missing.value.close()
