"""The GitHub App: webhook receiver and the GitHub-facing logic the workers share."""
