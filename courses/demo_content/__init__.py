"""The demo's onboarding courses, written from the domain facts in our own words. Each course
module holds one COURSE dict; courses/demo.py turns them into published Wagtail pages."""

from courses.demo_content import complaints, culture, emergency, etiquette, law, practice

COURSES = [module.COURSE for module in (culture, law, etiquette, complaints, emergency, practice)]

# The 8-day onboarding plan: each course is due by the day it ends.
ONBOARDING = {
    "name": "新员工入职培训",
    "description": (
        "新员工入职八天的培训计划：第 1 天企业文化与规章制度；第 2–3 天岗位职责、流程与法律法规；"
        "第 4–5 天服务礼仪和投诉处理等基本服务技能；第 6 天安全知识与应急处置；第 7–8 天实操演练与考核。"
    ),
    "posts": ["kefu", "gongcheng", "anbao", "baojie", "lvhua"],
    "due_days": 8,
    "days": {"culture": 1, "law": 3, "etiquette": 4, "complaints": 5, "emergency": 6, "practice": 8},
}
