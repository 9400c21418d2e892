"""The SPA's list of event types (for subscribing a webhook) is the change feed's catalogue."""

import re
from pathlib import Path

from api.events.catalog import EVENT_TYPES

LIST = Path(__file__).parents[1] / "frontend" / "src" / "features" / "webhooks" / "eventTypes.ts"


def test_the_spa_offers_exactly_the_catalogued_event_types():
    text = LIST.read_text()
    body = text.split("export const EVENT_TYPES = [", 1)[1].split("] as const", 1)[0]
    offered = re.findall(r"'([^']+)'", body)
    assert offered == sorted({e.type for e in EVENT_TYPES})
