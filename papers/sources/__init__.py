"""Digests fetched over the network: the Hugging Face daily-papers API and arXiv's
per-category RSS. `fetch_digest` (the command) and the worker's schedule call
papers.sources.fetching; every file goes through the importer like an upload."""
