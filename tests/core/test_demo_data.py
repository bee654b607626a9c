"""Demo data files are checked when read: a broken file stops the demo with the file and the entry
named, before anything is built."""

import pytest

from core.demo_data import DemoDataError, demo_entry_check, demo_file_load, demo_list_check


def test_a_missing_key_names_the_file_and_the_entry(tmp_path):
    path = tmp_path / "law.yaml"
    with pytest.raises(DemoDataError, match=r"law\.yaml: questions\[3\] is missing explanation"):
        demo_entry_check(entry={"stem": "?"}, path=path, where="questions[3]", required=("stem", "explanation"))


def test_a_misspelt_optional_key_is_refused_rather_than_ignored(tmp_path):
    with pytest.raises(DemoDataError, match=r"lessons\[0\] has unknown key\(s\) requird"):
        demo_entry_check(
            entry={"slug": "a", "requird": False},
            path=tmp_path / "x.yaml",
            where="lessons[0]",
            required=("slug",),
            optional=("required",),
        )


def test_a_file_that_is_not_yaml_or_is_empty_or_missing_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1, 2\n", encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"bad\.yaml: not valid YAML"):
        demo_file_load(path=bad)
    empty = tmp_path / "empty.yaml"
    empty.write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"empty\.yaml: the file is empty"):
        demo_file_load(path=empty)
    with pytest.raises(DemoDataError, match=r"gone\.yaml: file not found"):
        demo_file_load(path=tmp_path / "gone.yaml")


def test_files_are_read_as_plain_yaml_only(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("x: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(DemoDataError, match="not valid YAML"):
        demo_file_load(path=path)


def test_chinese_text_is_read_as_utf8(tmp_path):
    path = tmp_path / "zh.yaml"
    path.write_text("title: 物业相关法律法规\nitems: []\n", encoding="utf-8")
    data = demo_file_load(path=path)
    assert data["title"] == "物业相关法律法规"
    assert demo_list_check(value=data["items"], path=path, where="items", allow_empty=True) == []
    with pytest.raises(DemoDataError, match=r"zh\.yaml: items is empty"):
        demo_list_check(value=data["items"], path=path, where="items")
