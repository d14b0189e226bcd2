"""The JSON API: papers (read), bookmarks, followed searches and imports (write),
with API tokens for scripts and an OpenAPI schema. See README ("The API")."""
