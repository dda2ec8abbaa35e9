"""The W3C SPARQL 1.1 Protocol suite against a scratch server (it drops all data)."""

from __future__ import annotations

import pytest

from nzc_graph.devtools.conformance import Runner, load_manifest
from nzc_graph.devtools.devserver import scratch_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def manifest(settings):
    path = settings.root.parent / "shared" / "conformance" / "sparql11-protocol" / "manifest.ttl"
    if not path.is_file():
        pytest.skip("the W3C protocol suite is not beside the checkout (../shared/conformance)")
    return load_manifest(path)


def test_every_protocol_test_passes(manifest) -> None:
    assert len(manifest) == 34
    with scratch_server() as (base, key):
        with_updates = Runner(base, key).run(manifest)
        public = Runner(base, None).run([t for t in manifest if t.is_update])
    failures = [o for o in with_updates + public if not o.passed]
    assert not failures, "\n".join(f"{o.test} ({o.mode}): {o.detail}" for o in failures)
    assert len(public) == 13 and all("refused" in o.detail for o in public)
