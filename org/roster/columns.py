"""The columns of a roster file and the header spellings accepted for each."""

import re

from django.utils.translation import gettext_lazy as _

# (field, canonical Chinese header, label, required)
COLUMNS = [
    ("employee_number", "工号", _("Employee number"), True),
    ("name", "姓名", _("Name"), True),
    ("phone", "手机", _("Phone"), False),
    ("post", "岗位", _("Post"), True),
    ("site", "项目", _("Site"), True),
    ("department", "部门", _("Department"), False),
    ("hire_date", "入职日期", _("Hire date"), False),
    ("manager_number", "直属上级工号", _("Manager's employee number"), False),
    ("mentor_number", "带教师傅工号", _("Mentor's employee number"), False),
    ("role", "角色", _("Role"), False),
    ("email", "邮箱", _("Email"), False),
    ("wecom_userid", "企业微信账号", _("WeCom user ID"), False),
    ("dingtalk_userid", "钉钉账号", _("DingTalk user ID"), False),
]
FIELDS = [field for field, *_ in COLUMNS]
HEADERS = {field: header for field, header, *_ in COLUMNS}
LABELS = {field: label for field, _header, label, _required in COLUMNS}
REQUIRED = [field for field, *_rest, required in COLUMNS if required]

# Spellings seen in HR spreadsheets, compared after `header_key` (lower case, no spaces,
# punctuation or "required" markers).
_ALIASES = {
    "employee_number": [
        "工号",
        "员工工号",
        "员工编号",
        "职工号",
        "employeenumber",
        "employeeno",
        "employeeid",
        "staffno",
    ],
    "name": ["姓名", "员工姓名", "name", "fullname", "staffname"],
    "phone": ["手机", "手机号", "手机号码", "联系电话", "电话", "phone", "mobile", "mobilephone", "phonenumber"],
    "post": ["岗位", "岗位名称", "职位", "post", "position", "job"],
    "site": ["项目", "所属项目", "项目名称", "小区", "site", "project"],
    "department": ["部门", "所属部门", "department", "dept"],
    "hire_date": ["入职日期", "入职时间", "hiredate", "startdate", "datehired", "dateofhire"],
    "manager_number": [
        "直属上级工号",
        "上级工号",
        "直属上级",
        "managernumber",
        "manageremployeenumber",
        "managerno",
        "manager",
    ],
    "mentor_number": [
        "带教师傅工号",
        "师傅工号",
        "带教师傅",
        "mentornumber",
        "mentoremployeenumber",
        "mentorno",
        "mentor",
    ],
    "role": ["角色", "系统角色", "role"],
    "email": ["邮箱", "电子邮箱", "邮件", "邮箱地址", "电子邮件", "email", "e-mail", "mail", "emailaddress"],
    "wecom_userid": [
        "企业微信账号",
        "企业微信",
        "企业微信id",
        "企业微信userid",
        "企业微信用户id",
        "企微账号",
        "企微id",
        "wecom",
        "wecomid",
        "wecomuserid",
        "wework",
        "weworkuserid",
    ],
    "dingtalk_userid": [
        "钉钉账号",
        "钉钉",
        "钉钉id",
        "钉钉userid",
        "钉钉用户id",
        "dingtalk",
        "dingtalkid",
        "dingtalkuserid",
    ],
}

_NOISE = re.compile(r"[\s_\-.:：*＊'\"()（）\[\]【】]|必填|required|optional|选填")


def header_key(text: str) -> str:
    return _NOISE.sub("", str(text or "").lower())


HEADER_LOOKUP = {header_key(alias): field for field, aliases in _ALIASES.items() for alias in aliases}


class RosterFileError(Exception):
    """The file as a whole cannot be used (unreadable, wrong format, no header row, too big).
    `message` is translated text for the uploader."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
