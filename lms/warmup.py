"""Warm a web process before it takes its first request.

A fresh process imports the URL modules (the Wagtail admin's and the API's among them), builds
the URL resolver for each language and loads the translation catalogues only when its first
request needs them: about a second of CPU that one trainee would wait for. gunicorn recycles its
workers now and then (deploy/gunicorn.conf.py), so that cost recurs for the life of a host; paid
here, at import of the WSGI application, the worker does it before it accepts a connection."""

import gc

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation
from wagtail import hooks


def process_warm() -> None:
    """Import the URLconf, build the resolver's reverse lookup and load the catalogue of every
    language, find the Wagtail hooks and compile the base template. Touches neither the database
    nor the cache, so a worker starts even while they are down."""
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018 — built per language on first access
    hooks.search_for_hooks()
    get_template("base.html")
    # Everything loaded so far lives as long as the process: moved out of the collector's reach,
    # a full collection scans only what requests made since (bench/request_cpu.py: the
    # collector's share of the CPU 3.4–3.5 % without, 2.8 % with).
    gc.collect()
    gc.freeze()
