"""Chart images: the file kinds, and real PNG/SVG decoded to find the title and source."""

from __future__ import annotations

import json
import struct
import xml.etree.ElementTree as ET
import zlib
from datetime import date

import pytest

from fatalities.errors import InputError
from fatalities.render.images import (
    PNG_SIGNATURE,
    ChartFile,
    YearBars,
    bar_panel,
    chart_file_kind,
    image_bytes,
    image_metadata,
    image_spec,
    refuse_image_output,
)

SOURCE = "Source: ACLED (test.csv), data to 2020-07-31."


def spec() -> dict[str, object]:
    bars = YearBars("Mali", [2018, 2019, 2020], [1747.0, 1887.0, 1967.0], [954, 970, 1967], 2020)
    panel = bar_panel(
        bars, as_of=date(2020, 7, 31), coverage_end=date(2020, 7, 31), measure_label="fatalities"
    )
    return image_spec([panel], SOURCE)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.png", ChartFile.png),
        ("A.SVG", ChartFile.svg),
        ("a.vl.json", ChartFile.vega_lite),
        ("a.txt", ChartFile.text),
        ("a.html", ChartFile.html),
        ("a.htm", ChartFile.html),
        ("chart", ChartFile.text),
    ],
)
def test_chart_file_kinds(name: str, kind: ChartFile) -> None:
    assert chart_file_kind(name) is kind


@pytest.mark.parametrize("name", ["a.gif", "a.json", "a.jpeg"])
def test_unknown_chart_file_names_what_is_supported(name: str) -> None:
    with pytest.raises(InputError, match=r"use \.png, \.svg, \.vl\.json"):
        chart_file_kind(name)


@pytest.mark.parametrize("name", ["x.png", "x.SVG", "x.vl.json", "x.pdf"])
def test_output_refuses_image_names(name: str) -> None:
    with pytest.raises(InputError, match="--save-chart"):
        refuse_image_output(name)


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """Every chunk of a PNG, checking each CRC as a decoder does."""
    assert data[:8] == PNG_SIGNATURE
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        at += 12 + length
    return chunks


def test_png_decodes_with_size_title_and_source() -> None:
    the_spec = spec()
    data = image_bytes(the_spec, ChartFile.png, metadata=image_metadata(the_spec))
    chunks = png_chunks(data)
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height = struct.unpack(">II", chunks[0][1][:8])
    assert width > 400 and height > 300
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    bit_depth, colour_type = chunks[0][1][8], chunks[0][1][9]
    channels = {2: 3, 6: 4, 0: 1, 4: 2}[colour_type]
    assert len(pixels) == height * (1 + width * channels * bit_depth // 8)
    assert len(set(pixels)) > 10  # drawn, not blank
    text = {
        body.split(b"\x00", 1)[0].decode(): body.split(b"\x00", 5)[-1].decode()
        for kind, body in chunks
        if kind == b"iTXt"
    }
    assert text["Title"] == "Mali: fatalities per year"
    assert text["Source"] == SOURCE


def test_svg_parses_as_xml_with_title_and_source() -> None:
    root = ET.fromstring(image_bytes(spec(), ChartFile.svg))
    assert root.tag.endswith("svg")
    texts = " ".join(element.text or "" for element in root.iter() if element.tag.endswith("text"))
    assert "Mali: fatalities per year" in texts
    assert SOURCE in texts
    assert "2020*" in texts  # the partial year's mark
    assert "rest of year" in texts and "(year to date)" in texts


def test_vega_lite_spec_is_json_with_the_drawn_values() -> None:
    parsed = json.loads(image_bytes(spec(), ChartFile.vega_lite))
    values = parsed["vconcat"][0]["data"]["values"]
    by_year: dict[str, float] = {}
    for row in values:
        by_year[row["year"]] = by_year.get(row["year"], 0) + row["value"]
    assert by_year == {"2018": 1747, "2019": 1887, "2020*": 1967}
    assert parsed["title"]["text"] == SOURCE
