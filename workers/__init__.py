"""Celery workers: fetch the pull request's packages, run the rules, post the review."""
