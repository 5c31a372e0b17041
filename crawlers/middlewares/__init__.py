"""Scrapy middlewares of the crawl: SSRF guard, fail-closed robots.txt, Retry-After, conditional
requests (downloader side) and page tracking (spider side). Their order is in crawlers/settings.py.
"""
