"""Roster files in the shape HR keeps (工号, 姓名, 手机, 岗位, 项目, 部门, 入职日期, 直属上级工号,
带教师傅工号, 角色): reading a .xlsx or .csv into rows of text (`reading`), and checking those rows
against the organisation to plan what an import would do (`planning`). Neither writes; the
import itself is `org.services.roster_import_confirm`."""

from org.roster.columns import COLUMNS, HEADERS, RosterFileError
from org.roster.planning import RosterPlan, RowPlan, roster_plan, row_error_text
from org.roster.reading import RosterSheet, roster_read

__all__ = [
    "COLUMNS",
    "HEADERS",
    "RosterFileError",
    "RosterPlan",
    "RosterSheet",
    "RowPlan",
    "roster_plan",
    "roster_read",
    "row_error_text",
]
