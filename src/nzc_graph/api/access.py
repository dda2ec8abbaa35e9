"""Who is writing: the caller's key, from `Authorization: Bearer <key>` or `X-API-Key: <key>`,
authenticated by the key ring; and the admin check of the routes that need an admin key.

Every write route names one of these dependencies, so every write path goes through the same
key ring (the keys file and NZC_ADMIN_KEY alike): a revoked or rotated key is refused everywhere
at once. What a city key may say is the domain's rule (`submissions/checks.check_city_scope`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from nzc_graph.api.deps import KeysDep
from nzc_graph.errors import Forbidden
from nzc_graph.submissions.apikeys import Principal


def presented_key(request: Request) -> str | None:
    """The key the request carries: a Bearer token, else the X-API-Key header."""
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    presented = token.strip() if scheme.lower() == "bearer" else request.headers.get("x-api-key", "").strip()
    return presented or None


def get_principal(request: Request, keyring: KeysDep) -> Principal:
    """The caller; AuthError (401) without a key or with one that is not valid."""
    return keyring.authenticate(presented_key(request))


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def get_admin(principal: PrincipalDep) -> Principal:
    """The caller, who must hold an admin key; Forbidden (403) for a city key."""
    if not principal.is_admin:
        raise Forbidden(
            f"this needs an admin key; the key {principal.key_id} is for city {principal.city}. "
            "Ask the programme staff to make the change"
        )
    return principal


AdminDep = Annotated[Principal, Depends(get_admin)]
