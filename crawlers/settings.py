"""Scrapy settings of the Opportunity Radar crawlers; every value says why it is what it is.

``crawlers.run`` loads this module, then sets the per-source values (database URL, download
delay, time limit) on top with a higher priority.
"""

import os

BOT_NAME = "opportunity-radar"

# Where site owners can read who we are and reach us; RADAR_CONTACT_URL overrides it for a
# deployment (the university's own page about the bot).
RADAR_CONTACT_URL = os.environ.get(
    "RADAR_CONTACT_URL", "https://github.com/opportunity-radar/opportunity-radar"
)

# Identify the bot honestly: project name, version and a contact URL, never a browser's UA.
USER_AGENT = f"OpportunityRadar/0.1 (+{RADAR_CONTACT_URL})"

# Politeness: read and obey robots.txt before fetching anything from a host. A robots.txt that
# answers 5xx/429 or cannot be fetched means nothing is fetched from that host (RFC 9309):
# our middleware replaces Scrapy's, which would allow everything then.
ROBOTSTXT_OBEY = True

# Spiders are passed to the crawler as classes; this lets `scrapy list` find them too.
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Politeness: at most two requests in flight per site, and AutoThrottle slows down further
# when the site's latency grows (it never goes below DOWNLOAD_DELAY).
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# A source may ask for a delay in the sources file (`download_delay`); none by default.
DOWNLOAD_DELAY = 0

# We fetch web pages only: no file://, data:, ftp:// or s3:// handlers, so a link or a redirect
# can never read the server's own files (and the crawler starts faster without them).
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}

# A stuck server must not hold a crawl run for minutes: give up on one request after 20 s,
# on a DNS lookup after 10 s.
DOWNLOAD_TIMEOUT = 20
DNS_TIMEOUT = 10

# Calls for proposals are small pages and feeds; anything larger than 15 MiB is junk or an
# attack (the limit also applies to decompressed bodies, so a gzip bomb stops early).
DOWNLOAD_MAXSIZE = 15 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024

# A truncated body must be an error, not a silently half-parsed page.
DOWNLOAD_FAIL_ON_DATALOSS = True

# Redirect loops end quickly; five hops are more than any real site needs.
REDIRECT_MAX_TIMES = 5

# Transient server errors (5xx, 408, 429) are retried twice, then recorded as the run's error.
# A 429/503 with Retry-After is retried after the wait it asks for (our RetryAfterMiddleware
# replaces Scrapy's RetryMiddleware), unless the wait is longer than RADAR_RETRY_AFTER_MAX.
RETRY_ENABLED = True
RETRY_TIMES = 2
RADAR_RETRY_AFTER_MAX = 120
# The give-up is recorded by the spider's errback with its reason; a warning in the log is enough.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"

# We read public pages: no sessions, so no cookies to keep or leak between sources.
COOKIES_ENABLED = False

# No remote shell into the crawler process: neither the telnet console nor Scrapy 2.19's
# remote-control HTTP server (it runs posted Python code and writes job files to $HOME).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Each run is a fresh subprocess; Scrapy's HTTP cache would hide changes on the sites (and a
# JOBDIR reused across runs would skip every known page). Our own conditional requests
# (crawlers/pagecache.py) ask the site whether a page changed instead.
HTTPCACHE_ENABLED = False
# Send stored ETag/Last-Modified back; a 304 or an unchanged body is not parsed again.
RADAR_CONDITIONAL_REQUESTS = True
# A cached page older than this is fetched and parsed in full again (so every source is
# re-read completely at least this often, e.g. to notice calls that vanished).
RADAR_PAGE_CACHE_MAX_AGE_DAYS = 7

# Downloader middlewares, in the order requests pass them:
# 40 the SSRF guard refuses private/loopback/link-local/reserved hosts (redirects too);
# 100 robots.txt, failing closed; 550 retries honouring Retry-After;
# 560 conditional requests (after decompression 590 and redirects 600 on the way back).
DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.ssrf.PrivateAddressMiddleware": 40,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.robots.FailClosedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.retry_after.RetryAfterMiddleware": 550,
    "crawlers.middlewares.conditional.ConditionalRequestMiddleware": 560,
}
# Which page each record and request came from (for the page cache); next to the spider.
SPIDER_MIDDLEWARES = {
    "crawlers.middlewares.pages.PageTrackingMiddleware": 950,
}
# The resolver checks again the address a connection really uses (DNS rebinding).
TWISTED_DNS_RESOLVER = "crawlers.middlewares.ssrf.GuardedResolver"
# Private addresses are refused unless the source says allow_private (crawlers.run sets this
# from the sources file) or the host is listed here exactly as URLs write it (e.g.
# "127.0.0.1"; a name resolving to an allowed address is still refused).
RADAR_ALLOW_PRIVATE = False
RADAR_ALLOWED_HOSTS: list[str] = []

# Logs go to stderr (stdout carries the one JSON line of stats); INFO shows progress without
# one line per request. `crawlers.run --log-level DEBUG` shows everything.
LOG_LEVEL = "INFO"

# A dropped item is counted with its reason in the crawl run; one INFO line in the log is enough.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

# Scrapy >= 2.12 has only the current request fingerprinter: REQUEST_FINGERPRINTER_IMPLEMENTATION
# was removed, so it is deliberately not set here (setting it would only add noise).

# The pipeline, in order: raw item -> record -> checked -> unique -> stored in bulk.
ITEM_PIPELINES = {
    "crawlers.pipelines.normalize.NormalizePipeline": 100,
    "crawlers.pipelines.validate.ValidatePipeline": 200,
    "crawlers.pipelines.dedupe.DedupePipeline": 300,
    "crawlers.pipelines.store.StorePipeline": 400,
}

# --- Opportunity Radar's own settings (read by our spiders and pipelines) ---

# Where the store pipeline writes; empty = a dry run that stores nothing (crawlers.run sets it).
RADAR_DATABASE_URL = ""
# The source being crawled (crawlers.run sets it); dedupe reads this source's stored URLs.
RADAR_SOURCE = ""
# Records written per bulk upsert; big enough to be fast, small enough to lose little on a kill.
RADAR_STORE_BATCH_SIZE = 200
# List/API pages a spider follows when the source does not say (`max_pages`).
RADAR_DEFAULT_MAX_PAGES = 20
# "Today" for deadline normalisation (ISO date); empty = the real date. Tests and demos pin it.
RADAR_TODAY = ""
