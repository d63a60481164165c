"""structlog set-up shared by the receiver and the workers: one JSON object per line,
with whatever was bound in context (delivery id, repo, PR, task id) merged in."""

from __future__ import annotations

import logging
import sys

import structlog

_configured = False


def configure(level: str = "info") -> None:
    global _configured
    if _configured:
        return
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        # One write per line: `print` writes the line and its newline apart, and with
        # PYTHONUNBUFFERED (as the image runs) the receiver's workers, sharing one stderr,
        # interleave those writes into lines that are no longer JSON.
        logger_factory=structlog.WriteLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
    _configured = True


def get(name: str | None = None):
    return structlog.get_logger(name)
