"""Followed searches: saved list-page states, their Atom feeds and email digests.

models (SavedSearch, DigestEmail, SentPaper, FeedKey), queries (what is new for a
search), services (follow, rename, unsubscribe, feed keys), digests (send_digests:
who is due, what to send, never twice), mail (the message), feeds (Atom), views and
api (the pages and JSON), tasks (the worker's schedule).
"""
