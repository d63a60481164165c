"""Re-exports, for the rule modules that still import them from here, names of the model modules."""
from ..flow import dominated, exits_between, own_of_type, stmt_in
from ..goast import func_label, line_of
from ..synctypes import is_sync_type, sync_name, type_text

__all__ = ["dominated", "exits_between", "func_label", "line_of", "own_of_type", "type_text", "is_sync_type",
           "sync_name", "stmt_in"]
