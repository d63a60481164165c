"""Webhook handlers, one module per event family, each with its own router; bot/handlers.py
combines them into the router the receiver uses."""
