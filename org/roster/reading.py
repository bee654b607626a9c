"""Turn an uploaded .xlsx or .csv into rows of plain text keyed by field.

Everything a cell may hold becomes a string here (dates as ISO dates, whole numbers without
".0", text sanitised), so the rows can be stored as JSON between preview and confirm and
checked the same way whatever the file format was."""

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.sanitize import sanitize_text
from org.roster.columns import HEADER_LOOKUP, HEADERS, REQUIRED, RosterFileError, header_key

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# A title such as "2025年员工花名册" may sit above the header row.
HEADER_SEARCH_ROWS = 10
MAX_CELL_CHARS = 200
MAX_COLUMNS = 60
MAX_BLANK_RUN = 1000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


@dataclass
class RosterSheet:
    rows: list[dict] = field(default_factory=list)  # [{"row": 2, "values": {field: text}}]
    columns: dict[str, str] = field(default_factory=dict)  # field -> header text as found
    ignored_columns: list[str] = field(default_factory=list)


def roster_read(*, data: bytes, filename: str) -> RosterSheet:
    """Read a roster file. Raises RosterFileError with a message for the uploader when the file
    cannot be used at all; problems of single rows are left for `roster_plan` to report."""
    if not data:
        raise RosterFileError(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise RosterFileError(_("The file is larger than 5 MB."))
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in ("xlsx", "xlsm"):
        table = _xlsx_rows(data)
    elif suffix in ("csv", "txt"):
        table = _csv_rows(data)
    elif suffix == "xls" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise RosterFileError(_("Old .xls workbooks are not supported: open the file in Excel and save it as .xlsx."))
    else:
        raise RosterFileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    return _sheet_from_table(table)


def _xlsx_rows(data: bytes):
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise RosterFileError(
            _("This workbook is encrypted or in the old .xls format: remove the password and save it as .xlsx.")
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise RosterFileError(_("This file is not a valid Excel workbook (.xlsx)."))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # A small file that unpacks into gigabytes is refused before anything parses it.
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise RosterFileError(_("This workbook is too large when unpacked: split it into smaller files."))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows: list[list] = []
        blank_run = 0
        for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            # Sheets formatted down to row 1,048,576 end with a long run of blank rows: stop there.
            blank_run = blank_run + 1 if all(v is None or v == "" for v in values) else 0
            if blank_run > MAX_BLANK_RUN:
                break
            rows.append(list(values))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS + MAX_BLANK_RUN:
                break
        workbook.close()
    except Exception:  # openpyxl raises many kinds for damaged files; all mean "unreadable"
        raise RosterFileError(_("This file is not a valid Excel workbook (.xlsx)."))
    return rows


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # Excel's "Unicode text" export.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise RosterFileError(_("The CSV file's text encoding is not UTF-8 or GBK."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Chinese Excel saves CSV in GBK; GB18030 is its superset.
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise RosterFileError(_("The CSV file's text encoding is not UTF-8 or GBK."))


def _csv_rows(data: bytes):
    if b"\x00" in data and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        raise RosterFileError(_("This is not a text CSV file."))
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise RosterFileError(_("The CSV file is malformed."))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        # Numbers typed into Excel (工号 1001, 手机 13800138000) come back as floats.
        return str(int(value))
    return sanitize_text(str(value))[:MAX_CELL_CHARS]


def _sheet_from_table(table: list[list]) -> RosterSheet:
    header_index = None
    for index, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        keys = {HEADER_LOOKUP.get(header_key(cell)) for cell in row if cell is not None}
        if "employee_number" in keys and "name" in keys:
            header_index = index
            break
    if header_index is None:
        raise RosterFileError(
            _("No header row found: the first rows must include the columns %(columns)s.")
            % {"columns": f"{HEADERS['employee_number']}, {HEADERS['name']}"}
        )
    sheet = RosterSheet()
    positions: dict[str, int] = {}
    for position, cell in enumerate(table[header_index]):
        text = _cell_text(cell)
        if not text:
            continue
        key = HEADER_LOOKUP.get(header_key(text))
        if key and key not in positions:
            positions[key] = position
            sheet.columns[key] = text
        else:
            sheet.ignored_columns.append(text)
    missing = [HEADERS[f] for f in REQUIRED if f not in positions]
    if missing:
        raise RosterFileError(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    for index, row in enumerate(table[header_index + 1 :], start=header_index + 2):
        values = {
            name: _cell_text(row[position]) if position < len(row) else "" for name, position in positions.items()
        }
        if not any(values.values()):
            continue
        # A column the file does not have stays absent from its rows: the import then keeps
        # what each existing person has for it, while an empty cell clears it.
        sheet.rows.append({"row": index, "values": values})
        if len(sheet.rows) > MAX_ROWS:
            raise RosterFileError(
                _("The file has more than %(max)s rows: split it into smaller files.") % {"max": MAX_ROWS}
            )
    if not sheet.rows:
        raise RosterFileError(_("The file has a header row but no staff rows."))
    return sheet
