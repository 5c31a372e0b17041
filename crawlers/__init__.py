"""The Scrapy project: settings, sources registry, spiders, normalisation and pipelines."""
