"""One wizard page class per step kind, plus the start and summary pages."""
