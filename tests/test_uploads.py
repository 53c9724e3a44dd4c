"""The shared content checks behind document and CV uploads (core/uploads.py)."""

import io
import struct
import zipfile

import pytest

from core.uploads import PackageProblem, check_ooxml_package, starts_with
from tests.upload_files import content_types, docx_members

LIMITS = {"max_uncompressed": 1024 * 1024, "max_parts": 50}


def package(members, **zip_options):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **zip_options) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


DOCX = docx_members()


def problem(file, main_part="word/document.xml"):
    with pytest.raises(PackageProblem) as raised:
        check_ooxml_package(file, main_part, **LIMITS)
    return raised.value.code


def test_a_plain_docx_passes_and_is_rewound():
    file = package(DOCX)
    check_ooxml_package(file, "word/document.xml", **LIMITS)
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("members", "code"),
    [
        ({"word/document.xml": "x"}, PackageProblem.NOT_A_PACKAGE),
        ({**DOCX, "word/vbaProject.bin": "macro"}, PackageProblem.ACTIVE_CONTENT),
        (
            {
                **DOCX,
                "[Content_Types].xml": content_types(
                    '<Default Extension="bin" ContentType="application/vnd.macroEnabled.x"/>'
                ),
            },
            PackageProblem.ACTIVE_CONTENT,
        ),
        ({**DOCX, "word/activeX/activeX1.xml": "x"}, PackageProblem.ACTIVE_CONTENT),
        ({**DOCX, "big.bin": b"\0" * (2 * 1024 * 1024)}, PackageProblem.TOO_LARGE),
        ({**DOCX, **{f"part{n}.xml": "x" for n in range(60)}}, PackageProblem.TOO_MANY_PARTS),
    ],
)
def test_refused_packages_say_why(members, code):
    assert problem(package(members)) == code


def test_a_renamed_executable_is_not_a_package():
    assert problem(io.BytesIO(b"MZ\x90\x00" + b"\0" * 200)) == PackageProblem.NOT_A_PACKAGE


def test_a_zip_that_lies_about_its_sizes_is_refused():
    data = package({**DOCX, "big.bin": b"\0" * (3 * 1024 * 1024)}).getvalue()
    # Declare 10 bytes for every member, in the local headers and the central directory.
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := patched.find(signature, start)) != -1:
            struct.pack_into("<I", patched, start + offset, 10)
            start += 4
    assert problem(io.BytesIO(bytes(patched))) in {
        PackageProblem.NOT_A_PACKAGE,
        PackageProblem.TOO_LARGE,
    }


def test_signatures_are_read_from_the_start_and_rewound():
    file = io.BytesIO(b"%PDF-1.7 rest")
    file.seek(5)
    assert starts_with(file, b"%PDF-")
    assert file.tell() == 0
    assert not starts_with(io.BytesIO(b"MZ"), b"%PDF-")
