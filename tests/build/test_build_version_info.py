"""The Windows version resource generated from troubleshooter.__version__."""

from __future__ import annotations

import ast

import pytest

from troubleshooter import PRODUCT_NAME, __version__
from version_info import version_info_text, version_tuple


@pytest.mark.parametrize("version, expected", [
    ("0.1.0", (0, 1, 0, 0)), ("2", (2, 0, 0, 0)), ("1.2.3.4", (1, 2, 3, 4)), ("1.10.0rc2", (1, 10, 0, 0)),
])
def test_version_tuple_has_four_numbers(version, expected):
    assert version_tuple(version) == expected


def test_version_tuple_refuses_a_version_without_numbers():
    with pytest.raises(ValueError):
        version_tuple("dev")


def test_version_file_is_a_vsversioninfo_expression_with_the_program_version():
    tree = ast.parse(version_info_text(__version__, PRODUCT_NAME), mode="eval")
    call = tree.body
    assert isinstance(call, ast.Call) and call.func.id == "VSVersionInfo"
    fixed = next(keyword.value for keyword in call.keywords if keyword.arg == "ffi")
    filevers = next(keyword.value for keyword in fixed.keywords if keyword.arg == "filevers")
    assert ast.literal_eval(filevers) == version_tuple(__version__)
    strings = {node.args[0].value: node.args[1].value for node in ast.walk(tree)
               if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StringStruct"}
    assert strings["ProductVersion"] == __version__
    assert strings["ProductName"] == PRODUCT_NAME
    assert strings["OriginalFilename"] == "VMBackupTroubleshooter.exe"
