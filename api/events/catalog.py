"""Every event type the log holds and the shape of its payload, for the API docs.

The change feed and webhook deliveries carry these; `tests/api/test_event_catalog.py` makes
one of each through the API and checks each event against this list.
"""

from dataclasses import dataclass

SIGNAL_SCHEMAS = (
    "ChampionBehaviorSignal",
    "ResistanceBehaviorSignal",
    "ReadinessCheckSignal",
    "StageOfChangeSignal",
    "AdkarSignal",
    "PeerNominationSignal",
    "QuickWinSignal",
)
# Resources whose events carry the resource as the API returns it (named by its schemas in
# the OpenAPI document), and a tombstone when deleted.
RESOURCES = {
    "team": ("TeamPublic",),
    "stakeholder": ("StakeholderPublic",),
    "conversation": ("ConversationPublic",),
    "concern": ("ConcernPublic",),
    "acknowledgement": ("AcknowledgementPublic",),
    "signal": SIGNAL_SCHEMAS,
    "commitment": ("CommitmentPublic",),
    "member": ("MemberPublic",),
    "webhook": ("WebhookPublic",),
}
TOMBSTONE = ("id", "deleted")


@dataclass(frozen=True)
class EventType:
    type: str
    payload: str | tuple[str, ...]  # schema names, or what the payload is, with `keys`
    keys: tuple[str, ...] | None  # the payload's keys when it is not a schema
    meaning: str


def _catalog() -> list[EventType]:
    out = [
        EventType("workspace.created", ("WorkspacePublic",), None, "The workspace was created"),
        EventType(
            "workspace.updated", ("WorkspacePublic",), None, "Its name or description changed"
        ),
    ]
    for resource, schema in RESOURCES.items():
        out += [
            EventType(f"{resource}.created", schema, None, "Created; the payload is the resource"),
            EventType(f"{resource}.updated", schema, None, "Changed; the resource after it"),
            EventType(f"{resource}.deleted", "tombstone", TOMBSTONE, "Deleted"),
        ]
    out += [
        EventType(
            "stakeholder.category_changed",
            "category change",
            ("stakeholder_id", "old", "new", "as_of"),
            "A stakeholder's score category moved (`old` and `new` are categories)",
        ),
        EventType(
            "scoring_settings.updated",
            "settings",
            ("version", "values"),
            "An owner saved new scoring settings (`values` as in `GET .../scoring-settings`)",
        ),
        EventType(
            "focus_challenge.updated",
            "focus challenge",
            ("cfir_domain", "cfir_construct", "note"),
            "The challenge the team works on changed",
        ),
        EventType(
            "import.completed",
            "CSV import",
            ("import_id", "resource", "rows", "written", "skipped", "imported_at"),
            "A CSV import wrote its rows (no event per row: re-read the list with "
            "`updated_since=imported_at`)",
        ),
        EventType(
            "import.completed",
            "workspace import",
            ("import_id", "resource", "source_workspace_id", "counts", "imported_at"),
            "A workspace document was imported into this new workspace (`resource` is `workspace`)",
        ),
        EventType(
            "readings.recomputed",
            "recompute",
            ("category_changes", "recomputed_at"),
            "An operator rebuilt every stored reading from the records (`rapport recompute`); "
            "scores may have moved without a category change",
        ),
        EventType(
            "webhook.test",
            "test",
            ("webhook_id", "message", "requested_at"),
            "Sent by `POST .../webhooks/{id}/test` to that webhook only",
        ),
    ]
    return out


EVENT_TYPES = _catalog()


def matching(event_type: str, keys: set[str], schema_fields: dict[str, set[str]]):
    """The catalogue entry an event of this type with these payload keys fits, or None.
    `schema_fields`: each OpenAPI schema's property names."""
    for entry in EVENT_TYPES:
        if entry.type != event_type:
            continue
        if entry.keys is not None:
            if keys == set(entry.keys):
                return entry
        elif any(keys == schema_fields[name] for name in entry.payload):
            return entry
    return None


def markdown() -> str:
    """The catalogue as a table for the change feed's description."""
    lines = ["| type | payload | meaning |", "|---|---|---|"]
    for e in EVENT_TYPES:
        if e.keys is not None:
            payload = f"{e.payload}: {{{', '.join(f'`{k}`' for k in e.keys)}}}"
        elif len(e.payload) == 1:
            payload = f"`{e.payload[0]}`"
        else:
            payload = "one of " + ", ".join(f"`{name}`" for name in e.payload) + " (by `kind`)"
        lines.append(f"| `{e.type}` | {payload} | {e.meaning} |")
    return "\n".join(lines)


FEED_INTRO = """The workspace's change feed: every create, update and delete, in order.

Poll with `after` set to the last `seq` you processed: an event is listed once, after every
event with a lower `seq`, and never appears later below a `seq` you have already read (writes
to a workspace take its feed lock, so `seq` order is commit order). Deletes appear as
tombstones. Webhook deliveries carry the same events (`data` is the payload plus
`event_id`, `event_seq`, `workspace_id`, `resource_type` and `resource_id`).

Event types and their payloads (`...Public` payloads are the resource as `GET` returns it;
a private conversation's `summary` is null):
"""


def feed_description() -> str:
    return "\n".join([FEED_INTRO, markdown()])
