import csv
import io

import pytest
from openpyxl import Workbook

from tests.factories.org import DepartmentFactory, PostFactory, SiteFactory

HEADER = ["工号", "姓名", "手机", "岗位", "项目", "部门", "入职日期", "直属上级工号", "带教师傅工号", "角色"]
# Every column of the template: HEADER then the optional contact columns.
CONTACT_HEADER = [*HEADER, "邮箱", "企业微信账号", "钉钉账号"]


@pytest.fixture
def org_units(db):
    """Two sites with a customer-service department each, and two posts."""
    yg = SiteFactory(code="YG", name="阳光花园")
    ch = SiteFactory(code="CH", name="翠湖苑")
    kefu = PostFactory(code="kefu", name="客服")
    anbao = PostFactory(code="anbao", name="秩序/安保")
    return {
        "yg": yg,
        "ch": ch,
        "kefu": kefu,
        "anbao": anbao,
        "yg_kefu": DepartmentFactory(site=yg, name="客服部", post=kefu),
        "ch_kefu": DepartmentFactory(site=ch, name="客服部", post=kefu),
    }


def xlsx_bytes(rows, header=HEADER, title=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)
