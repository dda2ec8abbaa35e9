"""Who is calling and how often: the caller's key, from `Authorization: Bearer <key>` or
`X-API-Key: <key>`, authenticated by the key ring and counted against its rate limit; the admin
check of the routes that need an admin key; the per-address rate limit (`AddressLimited`) that
query and write routes declare (the buckets are `api/ratelimit.py`); and `Audited`, which a write
route declares first so that every attempt, however it ends, gets its line in the audit log
(`api/audit.py`).

Every write route names one of these dependencies, so every write path goes through the same
key ring (the keys file and NZC_ADMIN_KEY alike): a revoked or rotated key is refused everywhere
at once. What a city key may say is the domain's rule (`submissions/checks.check_city_scope`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from nzc_graph.api.audit import ATTEMPT, WriteAttempt
from nzc_graph.api.deps import AuditLogDep, KeysDep, LimitsDep
from nzc_graph.api.errors import request_id_of
from nzc_graph.errors import Forbidden
from nzc_graph.submissions.apikeys import Principal


def presented_key(request: Request) -> str | None:
    """The key the request carries: a Bearer token, else the X-API-Key header."""
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    presented = token.strip() if scheme.lower() == "bearer" else request.headers.get("x-api-key", "").strip()
    return presented or None


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def limit_address(request: Request, limits: LimitsDep) -> None:
    """Count the request against its client address; RateLimited (429) when its bucket is empty."""
    limits.check_address(client_address(request))


AddressLimited = Depends(limit_address)


def audited(request: Request, audit_log: AuditLogDep) -> WriteAttempt:
    """Start the request's write attempt (one per request: FastAPI caches it); the audit
    middleware writes its line when the answer is known."""
    attempt = WriteAttempt(audit_log, request_id_of(request), client_address(request), request.method, request.url.path)
    setattr(request.state, ATTEMPT, attempt)
    return attempt


Audited = Depends(audited)
AttemptDep = Annotated[WriteAttempt, Depends(audited)]


def get_principal(request: Request, keyring: KeysDep, limits: LimitsDep, attempt: AttemptDep) -> Principal:
    """The caller; AuthError (401) without a key or with one that is not valid, RateLimited (429)
    when the key has written too often. Every caller with a key is a writer: it is audited."""
    principal = keyring.authenticate(presented_key(request))
    attempt.principal = principal
    limits.check_key(principal.key_id)
    return principal


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
