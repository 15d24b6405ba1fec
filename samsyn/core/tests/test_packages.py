"""Zip packages are bounded by what their directory declares, before any parser reads them."""

import io
import zipfile

import pytest

from samsyn.core.lib.packages import MB, PackageLimits, PackageRejected, package_check


def package(parts: dict[str, int], *, level=9) -> bytes:
    """A zip whose parts hold as many zero bytes as given: a few hundred kilobytes for 200 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, size in parts.items():
            with archive.open(name, "w", force_zip64=size > 1_000_000_000) as part:
                chunk = b"\0" * min(size, MB)
                left = size
                while left:
                    part.write(chunk[:left])
                    left -= min(left, MB)
    return buffer.getvalue()


LIMITS = PackageLimits(max_parts=3, max_xml_bytes=1000, max_part_bytes=5000, max_total_bytes=8000)


@pytest.mark.parametrize(
    "parts",
    [
        {"word/document.xml": 1000},
        {"a.xml": 1000, "media/b.png": 5000, "c.rels": 1000},
        {"media/b.png": 5000, "media/c.png": 3000},
        {},
    ],
)
def test_a_package_within_its_limits_passes(parts):
    package_check(package(parts), LIMITS)


@pytest.mark.parametrize(
    "parts,message",
    [
        ({"word/document.xml": 1001}, "Filen packas upp till mer än 0 MB i en del"),
        ({"_rels/.rels": 1001}, "Filen packas upp till mer än 0 MB i en del"),
        ({"media/b.png": 5001}, "Filen packas upp till mer än 0 MB i en del"),
        ({"media/a.png": 5000, "media/b.png": 3001}, "Filen packas upp till mer än 0 MB totalt"),
        ({"a": 1, "b": 1, "c": 1, "d": 1}, "Filen har 4 delar; högst 3 är tillåtna."),
    ],
)
def test_a_package_past_a_limit_is_refused_in_swedish(parts, message):
    with pytest.raises(PackageRejected) as error:
        package_check(package(parts), LIMITS)
    assert error.value.message.startswith(message)


def test_a_bomb_is_refused_from_its_directory():
    # 200 MB of one part in about 200 KB: the Word file of the attack, refused without unpacking.
    bomb = package({"[Content_Types].xml": 100, "word/document.xml": 200 * MB})
    assert len(bomb) < 400_000
    with pytest.raises(PackageRejected) as error:
        package_check(bomb, PackageLimits())
    assert error.value.message == "Filen packas upp till mer än 10 MB i en del; den kan inte läsas säkert."


def test_a_part_that_lies_about_its_size_unpacks_no_further_than_it_says():
    # The directory says 10 bytes; zipfile stops there and the CRC check refuses the rest, so the
    # declared sizes that package_check bounds are the most any reader will unpack.
    data = bytearray(package({"word/document.xml": 10_000}, level=1))
    directory = data.rfind(b"PK\x01\x02")
    # Uncompressed size: offset 24 in the central directory entry, 20 in the local header.
    data[directory + 24 : directory + 28] = (10).to_bytes(4, "little")
    data[22:26] = (10).to_bytes(4, "little")
    package_check(bytes(data), LIMITS)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive, pytest.raises(zipfile.BadZipFile):
        archive.read("word/document.xml")


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not really", b"%PDF-1.4", b"\0" * 100])
def test_what_is_no_zip_is_damaged(data):
    with pytest.raises(PackageRejected) as error:
        package_check(data, LIMITS)
    assert error.value.message == "Filen är skadad: den kan inte öppnas som en Word- eller Excel-fil."
