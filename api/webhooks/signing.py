"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

The secret is `whsec_` + base64 of 32 random bytes. Each request carries `webhook-id` (the
event id, the same on every retry, so receivers can drop duplicates), `webhook-timestamp`
(unix seconds of this attempt) and `webhook-signature`: `v1,` + base64 HMAC-SHA256 of
`{id}.{timestamp}.{body}` keyed with the decoded secret.
"""

import base64
import secrets
from datetime import datetime

from standardwebhooks import Webhook as Signer

SECRET_PREFIX = "whsec_"  # noqa: S105 - the spec's prefix, not a secret


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def signed_headers(secret: str, msg_id: str, sent_at: datetime, body: str) -> dict[str, str]:
    timestamp = str(int(sent_at.timestamp()))
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": Signer(secret).sign(msg_id, sent_at, body),
    }
