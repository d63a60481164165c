"""goleash's analysis engine: tree-sitter-go package views, concurrency rules, verified fixes."""
