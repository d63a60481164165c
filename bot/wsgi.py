"""WSGI entry point: gunicorn 'bot.wsgi:app'."""
from .app import create_app

app = create_app()
