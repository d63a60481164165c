"""WSGI entry point: gunicorn 'goleash.bot.wsgi:app'. The receiver process starts here: its
settings are read and its logging set up once, before the app is built."""

from . import log
from .app import create_app
from .config import Settings

settings = Settings.from_env()
log.configure(settings.log_level)
app = create_app(settings)
