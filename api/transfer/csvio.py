"""CSV in and out: bounded request bodies, header checks, and cells the way spreadsheets expect.

Files are RFC 4180 CSV in UTF-8 (a byte-order mark is accepted), with a header row. Rows are
numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from email.parser import BytesParser
from email.policy import HTTP
from typing import Annotated, Any

from fastapi import Depends, Request

from api.kit.crud import RequestInvalid
from api.kit.errors import AppError, InvalidInput

MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_CSV_ROWS = 100_000
CSV_TYPES = ("text/csv", "application/csv", "text/plain")

# Spreadsheet apps run a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class PayloadTooLarge(AppError):
    status_code = 413
    code = "payload_too_large"


class UnsupportedMediaType(AppError):
    status_code = 415
    code = "unsupported_media_type"


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` bytes."""
    too_large = PayloadTooLarge(
        f"The body is larger than {limit // (1024 * 1024)} MB; split the file",
        {"max_bytes": limit},
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _multipart_file(content_type: str, body: bytes) -> bytes:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if message.is_multipart():
        for part in message.iter_parts():
            if part.get_param("name", header="content-disposition") == "file":
                return part.get_payload(decode=True) or b""
    raise InvalidInput("body.file", "send the CSV as the form field `file`")


async def csv_upload(request: Request) -> str:
    """The uploaded CSV as text: a `text/csv` body, or the `file` field of a multipart form."""
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in (*CSV_TYPES, "multipart/form-data"):
        raise UnsupportedMediaType(
            "Send the file as text/csv, or as the `file` field of multipart/form-data",
            {"content_type": media or None},
        )
    body = await read_body(request, MAX_CSV_BYTES)
    if media == "multipart/form-data":
        body = _multipart_file(content_type, body)
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("body", f"is not UTF-8 text (byte {exc.start})") from None


CsvUpload = Annotated[str, Depends(csv_upload)]

CSV_BODY_DOC = {
    "required": True,
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
    },
}


def read_table(
    text: str,
    columns: Iterable[str],
    required: Iterable[str],
    aliases: dict[str, str],
    ignored: Iterable[str],
) -> tuple[list[str | None], Iterable[tuple[int, list[str]]]]:
    """Check the header; return each cell position's column (None: ignored) and the rows.

    Header names are matched without regard to case or surrounding spaces. An unknown, missing
    or repeated column is a 422 for the whole file: a typo in a header would otherwise drop a
    column silently.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InvalidInput("body", f"is not valid CSV in the header: {exc}") from None
    if not header or not any(h.strip() for h in header):
        raise InvalidInput("body", "has no header row")
    columns = list(columns)
    known, skip = set(columns), set(ignored)
    names: list[str | None] = []
    problems = []
    for raw in header:
        name = aliases.get(raw.strip().lower(), raw.strip().lower())
        if name in skip:
            names.append(None)
        elif name not in known:
            problems.append((f"header.{raw.strip()}", "unknown column"))
            names.append(None)
        elif name in names:
            problems.append((f"header.{raw.strip()}", "appears twice"))
            names.append(None)
        else:
            names.append(name)
    problems += [(f"header.{c}", "missing required column") for c in required if c not in names]
    if problems:
        field, message = problems[0]
        raise RequestInvalid(
            f"The header does not match ({field}: {message}); columns are {', '.join(columns)}",
            [{"field": f, "message": m, "type": "invalid"} for f, m in problems],
        )
    rows = _rows(reader)
    # A file over the row limit is refused before any row is checked. One with no more lines
    # after the header than the limit cannot be over it: its rows are read as they are
    # checked, so an import starts writing while the rest of the file is still being read.
    if text.count("\n") - text.endswith("\n") > MAX_CSV_ROWS:
        rows = list(rows)
    return names, rows


def _rows(reader) -> Iterator[tuple[int, list[str]]]:
    """Every data row with its number."""
    number = 1  # the header
    count = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput("body", f"is not valid CSV at row {number + 1}: {exc}") from None
        number += 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # a blank line
        if count == MAX_CSV_ROWS:
            raise PayloadTooLarge(
                f"The file has more than {MAX_CSV_ROWS:,} rows; split it",
                {"max_rows": MAX_CSV_ROWS},
            )
        count += 1
        yield number, cells


def unescape(cell: str) -> str:
    """Undo `escape`: an apostrophe before a formula character is dropped on the way in."""
    if cell[:1] == "'" and cell[1:2] in FORMULA_START and cell[1:2] != "":
        return cell[1:]
    return cell


# --- out ---------------------------------------------------------------------------------------


def cell(value: Any, escape: bool) -> Any:
    """One CSV cell from a JSON value: null is empty, lists are `;`-joined, booleans lower case."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if escape and isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class LineWriter:
    """Formats rows as CSV text, a chunk at a time, for a streamed response."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def rows(self, rows: Iterable[list[Any]]) -> str:
        self._writer.writerows(rows)
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text
