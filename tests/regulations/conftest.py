import datetime as dt
from dataclasses import dataclass

import pytest

from regulations.services import ClauseInput, regulation_create, regulation_version_record


@dataclass
class Register:
    regulation: object
    version: object
    fee_clause: object
    repair_clause: object


def fee_clauses(fee_text: str = "业主应当按照约定向物业服务人支付物业费。") -> list[ClauseInput]:
    return [
        ClauseInput(number="第九百四十四条", text=fee_text),
        ClauseInput(number="第九百四十二条", text="物业服务人应当妥善维修、养护、清洁、绿化和经营管理共有部分。"),
    ]


@pytest.fixture
def register(db) -> Register:
    """民法典 物业服务合同编 with two clauses in its first version: fees and the common parts."""
    regulation = regulation_create(
        name="民法典 物业服务合同编", issuing_body="全国人民代表大会", kind="law", actor=None
    )
    recorded = regulation_version_record(
        regulation=regulation,
        label="2020",
        effective_on=dt.date(2021, 1, 1),
        summary="首次收录。",
        clauses=fee_clauses(),
        actor=None,
    )
    fee, repair = recorded.version.clauses.order_by("position")
    return Register(regulation, recorded.version, fee, repair)
