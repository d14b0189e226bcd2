"""Who is calling: an API token (`Authorization: Token <key>` or `Bearer <key>`), else
the browser's session (with CSRF on writes, DRF's SessionAuthentication).

A request that sends a token is judged by it alone: a wrong or revoked key is a 401
even with a session cookie beside it. A token acts as its user, with exactly the
user's permissions (an inactive user's tokens stop working with the account).
"""

from __future__ import annotations

from rest_framework import authentication, exceptions

from papers.api import tokens

KEYWORDS = ("token", "bearer")
REALM = 'Token realm="Lectern API"'


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("the Authorization header must be “Token <key>”")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("the token is not valid") from None
        token = tokens.live_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed("the token is not valid (wrong, or revoked)")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("the token's account is disabled")
        return token.user, token

    def authenticate_header(self, request):
        return REALM


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser's session; writes need the CSRF token, as on the pages."""
