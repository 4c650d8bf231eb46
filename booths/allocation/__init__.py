"""Booth allocation: the pure engine and its helpers, runs (preview, commit, background job),
explanations, the organizer's allocation page, booth moves and `flask allocate`.

The highest of the three booth domains: it reads layout and applications, nothing reads it.
"""
