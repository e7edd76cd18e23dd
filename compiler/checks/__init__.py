"""One validation per file; compiler/check.py runs them in order."""
