"""Issue 6 rules (work in progress): registers nothing yet."""
