"""No lost updates: 12 clients x 20 read-modify-write increments against 2 workers."""

import random
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.server import running_server, workspace_with_token

CLIENTS, INCREMENTS = 12, 20


def test_if_match_loses_no_increment(fresh_url):
    with running_server(fresh_url, workers=2) as (base, env):
        owner, ws, token = workspace_with_token(base, env, "owner@example.org", "Counter", "write")
        team = owner.post(
            f"/api/v1/workspaces/{ws}/teams", json={"name": "T", "description": "0"}
        ).json()
        url = f"/api/v1/workspaces/{ws}/teams/{team['id']}"

        def worker(i):
            rng = random.Random(i)
            retries = 0
            with httpx.Client(
                base_url=base, timeout=30, headers={"Authorization": f"Bearer {token}"}
            ) as c:
                for _ in range(INCREMENTS):
                    for _attempt in range(500):
                        got = c.get(url)
                        n = int(got.json()["description"])
                        r = c.patch(
                            url,
                            json={"description": str(n + 1)},
                            headers={"If-Match": got.headers["etag"]},
                        )
                        if r.status_code == 200:
                            break
                        assert r.status_code == 412, r.text
                        retries += 1
                        # Back off with jitter, as a well-behaved client would.
                        time.sleep(rng.uniform(0, min(1.0, 0.05 * 2 ** min(_attempt, 5))))
                    else:
                        raise AssertionError("too many retries")
            return retries

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            retries = sum(pool.map(worker, range(CLIENTS)))
        final = owner.get(url).json()["description"]
        assert final == str(CLIENTS * INCREMENTS)
        # The contention was real: some writes were refused and retried.
        assert retries > 0
