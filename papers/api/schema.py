"""The token authentication, described for drf-spectacular's OpenAPI schema (found
when papers.apps imports this module)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "papers.api.auth.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>` (or `Bearer <key>`): a key from your account page or `manage.py api_token`.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "papers.api.auth.SessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid", "description": "a signed-in browser; writes need the CSRF token"}
