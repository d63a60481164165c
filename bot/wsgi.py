"""WSGI entry point: gunicorn 'goleash.bot.wsgi:app'."""
from .app import create_app

app = create_app()
