"""Use cases that tie I/O together: crawl, import profiles, match, publish, digest, export, demo."""
