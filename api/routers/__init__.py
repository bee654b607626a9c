"""Routers for capabilities whose apps are owned elsewhere (courses, org): they only call those
apps' selectors and services, with the same permission rules as the pages."""
