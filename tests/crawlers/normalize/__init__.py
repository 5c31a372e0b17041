"""Tests of the pure normalisers in crawlers/normalize."""
