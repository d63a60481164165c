"""Re-exports, for the rule modules that still import them from here, names of rules/synctypes.py."""
from ..synctypes import is_sync_type, sync_name, type_text

__all__ = ["is_sync_type", "sync_name", "type_text"]
