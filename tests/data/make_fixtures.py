"""Write the synthetic input fixtures: ``dialects/`` (one per format and quirk) and ``bad/``.

Run from the repository root: ``.venv/bin/python tests/data/make_fixtures.py``. The
output is deterministic. Every row is invented; nothing is copied from real data.
Text fixtures are written byte for byte as given here (line endings and encodings
are part of what they test); binary ones (xlsx, parquet, gz, zip) are built with
the standard library and polars. The ``*.expected.csv`` files beside the fixtures
are written by hand, not by this script: they are what the loader must produce.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
DIALECTS = HERE / "dialects"
BAD = HERE / "bad"
#: Fixed zip member time, so archives are byte-identical on every run.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)

CURRENT_HEADER = (
    "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,interaction,"
    "region,country,admin1,admin2,notes,fatalities,timestamp"
)


def write(
    name: str, text: str, *, folder: Path = DIALECTS, newline: str = "\n", encoding: str = "utf-8"
) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode(encoding))


def event_fixtures() -> None:
    # 2019+ HDX export: HXL tag row, CRLF, newest first, stray spaces, quoted notes.
    write(
        "acled_hdx.csv",
        "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
        "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,"
        "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
        "source_scale,notes,fatalities,timestamp,iso3\n"
        "#event+id,#country+code,#event+code,,#date+occurred,#date+year,,#event+type,"
        "#event+type+sub,#group+name+first,,,#group+name+second,,,,#region+name,#country+name,"
        "#adm1+name,#adm2+name,#adm3+name,#loc+name,#geo+lat,#geo+lon,,#meta+source,,"
        "#description,#affected+killed,,#country+code\n"
        "9000002,466,MLI9002,9002,2020-07-31,2020,1,Battles,Armed clash,JNIM,,2,"
        "Military Forces of Mali,,1,12,Western Africa,Mali,Mopti ,Douentza,Boni, Boni ,15.0,"
        '-1.9,1,Radio,National,"On 31 July, JNIM attacked ""soldiers"" near Boni",4,1596549150,MLI\n'
        "9000001,466,MLI9001,9001,2019-03-02,2019,1,Protests,Peaceful protest,"
        "Protesters (Mali),,6,,,0,60,Western Africa,Mali,Bamako,Bamako,Bamako,Bamako,12.6,-8.0,"
        "1,Paper,National,A march in Bamako,0,1596549150,MLI\n",
        newline="\r\n",
    )
    # ACLED API JSON written by pandas: unnamed index column, alphabetical columns.
    write(
        "acled_api_sorted.csv",
        ",actor1,admin1,admin2,country,event_date,event_id_cnty,event_type,fatalities,"
        "interaction,iso,region,sub_event_type,timestamp,year\n"
        "0,JNIM,Gao,Ansongo,Mali,2017-11-20,MLI9101,Battles,5,12,466,Western Africa,"
        "Armed clash,1582579226,2017\n"
        "1,Unidentified Armed Group (Mali),Mopti,Bandiagara,Mali,2013-01-11,MLI9102,"
        "Violence against civilians,7,37,466,Western Africa,Attack,1582579226,2013\n",
    )
    # Export tool before the 2019 overhaul: 30 columns, no sub_event_type, quoted
    # zero-padded long dates, old event types.
    write(
        "acled_export_2019.csv",
        "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
        "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,"
        "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
        "notes,fatalities,timestamp,iso3\n"
        '1,466,MLI9201,9201,"04 January 2017",2017,1,"Battle-No change of territory",'
        '"Military Forces of Mali",,1,JNIM,,2,12,"Western Africa",Mali,Timbuktu,Goundam,'
        'Tonka,Tonka,16.1,-3.0,2,Radio,National,"On January 4, a clash.",3,1551122597,MLI\n'
        '2,466,MLI9202,9202,"22 February 2019",2019,1,"Remote violence",'
        '"Unidentified Armed Group (Mali)",,3,,,0,30,"Western Africa",Mali,Gao,Menaka,'
        'Menaka,Menaka,15.9,2.4,1,Radio,National,"On February 22, an IED.",1,1551122597,MLI\n',
    )
    # Monadic export: one row per actor, so each event is listed twice.
    write(
        "acled_monadic.csv",
        "data_id,iso,event_id_cnty,event_date,year,event_type,sub_event_type,actor1,"
        "interaction,country,admin1,fatalities,timestamp\n"
        '1,466,MLI9301,"31 December 2020",2020,Battles,Armed clash,JNIM,12,Mali,Mopti,6,1622068036\n'
        '1,466,MLI9301,"31 December 2020",2020,Battles,Armed clash,Military Forces of Mali,12,'
        "Mali,Mopti,6,1622068036\n"
        '2,466,MLI9302,"01 January 2017",2017,Riots,Mob violence,Rioters (Mali),55,Mali,Gao,1,'
        "1622068036\n",
    )
    # ACLED versions 5-7: uppercase, Windows-1252 (0x92 apostrophe, 0xA0 in numbers),
    # CRLF records with a bare LF inside a quoted note, 3 trailing empty header
    # columns, dd/mm/yyyy, and a YEAR that disagrees with EVENT_DATE.
    legacy = (
        "GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,"
        "ALLY_ACTOR_1,INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,"
        "LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,SOURCE,NOTES,FATALITIES,,,\r\n"
        "432,9401RTA,,29/12/2015,2015,1,Battle-No change of territory,Military Forces of Mali,,1,"
        "AQIM,,2,12,Mali,Timbuktu,Goundam,,Goundam,16.4,-3.6,1,AFP,"
        '"The people\x92s militia said\nsoldiers were attacked",\xa05,,,\r\n'
        "432,9402RTA,,28/12/2015,2016,1,Violence against civilians,AQIM,,2,Civilians (Mali),,7,27,"
        "Mali,Mopti,Mopti,,S\xe9var\xe9,14.5,\xa0-4.1,1,RFI, Notes with stray spaces ,2,,,\r\n"
        "451,9403RTA,,03/01/2016,2016,1,Riots/Protests,Protesters (Niger),,6,,,0,60,Niger,Niamey,"
        "Niamey,,Niamey,13.5,2.1,1,AFP,A protest,0,,,\r\n"
    )
    (DIALECTS / "legacy_realtime.csv").write_bytes(legacy.encode("latin-1"))
    # Older ACLED files and Excel re-saves: 12-January-2005 and 12-Jan-05 dates.
    legacy_small = (
        "GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,"
        "COUNTRY,ADMIN1,FATALITIES\n"
        "432,{a}ALG,,{d1},2005,Battle-No change of territory,Military Forces of Mali,,Mali,Kidal,3\n"
        "432,{b}ALG,,{d2},2006,Violence against civilians,Unidentified Armed Group (Mali),,Mali,"
        "Gao,1\n"
    )
    write(
        "legacy_long_month.csv",
        legacy_small.format(a=9501, b=9502, d1="12-January-2005", d2="03-February-2006"),
    )
    write(
        "legacy_short_month.csv",
        legacy_small.format(a=9601, b=9602, d1="12-Jan-05", d2="03-Feb-06"),
    )
    rows = [
        "MLI9701,2017-11-20,2017,Battles,Armed clash,JNIM,12,Western Africa,Mali,Gao,Ansongo,"
        "a clash,5,1600000000",
        "NER9702,2017-02-01,2017,Battles,Armed clash,ISWAP,23,Western Africa,Niger,Diffa,"
        "Diffa,calm,2,1600000000",
    ]
    write("acled_tab.tsv", "\n".join([CURRENT_HEADER, *rows]).replace(",", "\t") + "\n")
    semicolon = [
        "MLI9801;2017-11-20;2017;Battles;Armed clash;JNIM;12;Western Africa;Mali;Gao;Ansongo;"
        '"a clash; near Gao";5;1600000000',
    ]
    write(
        "acled_semicolon.csv", CURRENT_HEADER.replace(",", ";") + "\n" + "\n".join(semicolon) + "\n"
    )


def container_fixtures() -> None:
    import json

    import polars as pl

    records = [
        {
            "event_id_cnty": "MLI9901",
            "event_date": "2020-10-31",
            "year": "2020",
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Remote explosive/landmine/IED",
            "actor1": "JNIM",
            "interaction": "28",
            "region": "Western Africa",
            "country": "Mali",
            "admin1": "Mopti",
            "fatalities": "3",
            "timestamp": "1604000000",
            "iso": "466",
        },
        {
            "event_id_cnty": "BFA9902",
            "event_date": "2020-10-30",
            "year": "2020",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "actor1": "ISGS",
            "interaction": "12",
            "region": "Western Africa",
            "country": "Burkina Faso",
            "admin1": "Sahel",
            "fatalities": "0",
            "timestamp": "1604000000",
            "iso": "854",
        },
    ]
    api = {"status": 200, "success": True, "last_update": 1, "count": 2, "data": records}
    write("api_response.json", json.dumps(api, indent=1) + "\n")
    as_numbers = [
        {
            **record,
            "fatalities": int(record["fatalities"]),
            "timestamp": int(record["timestamp"]),
            "iso": int(record["iso"]),
            "year": int(record["year"]),
        }
        for record in records
    ]
    write("api_list.json", json.dumps(as_numbers) + "\n")
    write("api_lines.ndjson", "".join(json.dumps(record) + "\n" for record in as_numbers))
    frame = pl.DataFrame(
        {
            "event_id_cnty": ["MLI9911", "MLI9912"],
            "event_date": [date(2018, 5, 1), date(2018, 6, 2)],
            "country": ["Mali", "Mali"],
            "admin1": ["Gao", "Kidal"],
            "event_type": ["Battles", "Riots"],
            "fatalities": [4, 0],
            "timestamp": [1600000000, 1600000000],
        }
    )
    frame.write_parquet(DIALECTS / "events.parquet")
    body = (
        CURRENT_HEADER
        + "\n"
        + (
            "MLI9921,2016-05-28,2016,Battles,Armed clash,JNIM,12,Western Africa,Mali,Gao,Gao,x,9,"
            "1600000000\n"
        )
    )
    (DIALECTS / "gzip_events.csv.gz").write_bytes(gzip.compress(body.encode(), mtime=0))
    members = {
        "export/mali.csv": CURRENT_HEADER + "\n"
        "MLI9931,2015-11-20,2015,Violence against civilians,Attack,Al Mourabitoune,27,"
        "Western Africa,Mali,Bamako,Bamako,x,21,1600000000\n",
        "export/niger.csv": CURRENT_HEADER + "\n"
        "NER9932,2015-03-01,2015,Battles,Armed clash,Boko Haram,12,Western Africa,Niger,Diffa,"
        "Diffa,x,8,1600000000\n",
        "export/README.txt": "Terms of use: not data.\n",
        "__MACOSX/export/._mali.csv": "junk",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in members.items():
            archive.writestr(zipfile.ZipInfo(member, ZIP_TIME), text)
    (DIALECTS / "zip_members.zip").write_bytes(buffer.getvalue())
    # A directory of exports of two vintages: the same event, revised, keeps the
    # row with the latest timestamp; the old vintage's event types stay as written.
    write(
        "folder_vintages/2019_export.csv",
        "event_id_cnty,event_date,event_type,country,fatalities,timestamp\n"
        "MLI9941,2017-11-20,Battle-No change of territory,Mali,3,1551122597\n"
        "MLI9942,2017-11-21,Remote violence,Mali,1,1551122597\n",
    )
    write(
        "folder_vintages/2020_export.csv",
        "event_id_cnty,event_date,event_type,sub_event_type,country,fatalities,timestamp\n"
        "MLI9941,2017-11-20,Battles,Armed clash,Mali,4,1596549150\n"
        "MLI9943,2018-01-05,Protests,Peaceful protest,Mali,0,1596549150\n",
    )


def aggregated_fixtures() -> None:
    # ACLED weekly aggregated data: weeks start on Saturday (2016-12-31 is a Saturday,
    # so that week's events count in 2016).
    write(
        "acled_weekly.csv",
        "WEEK,REGION,COUNTRY,ADMIN1,EVENT_TYPE,SUB_EVENT_TYPE,EVENTS,FATALITIES,"
        "POPULATION_EXPOSURE,DISORDER_TYPE,ID,CENTROID_LATITUDE,CENTROID_LONGITUDE\n"
        "2016-12-31,Western Africa,Mali,Gao,Battles,Armed clash,2,5,,Political violence,1,16.2,0.3\n"
        "2017-01-07,Western Africa,Mali,Gao,Battles,Armed clash,1,0,1200,Political violence,1,"
        "16.2,0.3\n"
        "2017-01-07,Western Africa,Mali,Mopti,Protests,Peaceful protest,3,0,,Demonstrations,2,"
        "14.5,-4.2\n",
    )
    # HDX HAPI: UTF-8 BOM, CRLF, ISO3 codes, empty fatalities for demonstrations, and
    # civilian_targeting rows that repeat part of political_violence.
    write(
        "hdx_hapi.csv",
        "\ufefflocation_code,has_hrp,in_gho,provider_admin1_name,provider_admin2_name,admin1_code,"
        "admin1_name,admin2_code,admin2_name,admin_level,event_type,events,fatalities,"
        "reference_period_start,reference_period_end,dataset_hdx_id,resource_hdx_id,warning,error\n"
        "MLI,Y,Y,Gao,Ansongo,ML07,Gao,ML0702,Ansongo,2,political_violence,4,10,2017-11-01,"
        "2017-11-30,d,r,,\n"
        "MLI,Y,Y,Gao,Ansongo,ML07,Gao,ML0702,Ansongo,2,civilian_targeting,1,6,2017-11-01,"
        "2017-11-30,d,r,,\n"
        "MLI,Y,Y,Gao,Ansongo,,,,,2,demonstration,2,,2017-11-01,2017-11-30,d,"
        "r,,\n"
        "DZA,N,N,,,,,,,0,political_violence,3,7,2017-11-01,2017-11-30,d,r,,\n",
        newline="\r\n",
    )
    write_workbook(
        DIALECTS / "acled_monthly.xlsx",
        {
            "TOU": [["Licensing"], ["By using ACLED data you agree to the terms of use."]],
            "Country": [
                ["Country", "Month", "Year", "Events", "Fatalities"],
                ["Niger", "January", "2017", 2, 3],
                ["Niger", "February", "2017", 0, 0],
            ],
            "Admin2": [
                [
                    "Country",
                    "Admin1",
                    "Admin2",
                    "ISO3",
                    "Admin2 Pcode",
                    "Admin1 Pcode",
                    "Month",
                    "Year",
                    "Events",
                    "Fatalities",
                ],
                ["Mali", "Gao", "Ansongo", "MLI", "ML0702", "ML07", "January", "2017", 1, 2],
                ["Mali", "Gao", "Ansongo", "MLI", "ML0702", "ML07", "February", "2017", 3, 11],
                ["Mali", "Mopti", "Douentza", "MLI", "ML0504", "ML05", "February", "2017", 0, 0],
            ],
        },
    )
    write_workbook(
        DIALECTS / "acled_events.xlsx",
        {
            "Notes": [["Exported for the team; see the Events sheet."]],
            "Events": [
                ["ACLED export"],
                [],
                [
                    "event_id_cnty",
                    "event_date",
                    "year",
                    "event_type",
                    "country",
                    "admin1",
                    "fatalities",
                    "timestamp",
                ],
                ["MLI9951", date(2012, 3, 22), 2012, "Battles", "Mali", "Bamako", 2, 1600000000],
                [
                    "MLI9952",
                    date(2012, 4, 6),
                    2012,
                    "Strategic developments",
                    "Mali",
                    "Gao",
                    0,
                    1600000000,
                ],
            ],
        },
    )


def ucdp_fixtures() -> None:
    header = (
        "id,year,active_year,type_of_violence,conflict_new_id,conflict_name,dyad_new_id,"
        "dyad_name,side_a_new_id,gwnoa,side_a,side_b_new_id,gwnob,side_b,number_of_sources,"
        "source_article,source_office,source_date,source_headline,source_original,where_prec,"
        "where_coordinates,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,"
        "country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,"
        "deaths_civilians,deaths_unknown,low,best,high"
    )
    write(
        "ucdp_ged.csv",
        header + "\n"
        "900001,2015,1,1,439,Myanmar (Burma): Kokang,906,Government of Myanmar (Burma) - MNDAA,"
        '144,775,Government of Myanmar (Burma),880,,MNDAA,1,"""Radio,2015-05-13,Clashes""",'
        'Radio,2015-05-13,Clashes,"A commander\nsaid",2,Laukkaing,Shan State,Laukkaing District,'
        "23.6,98.7,POINT (98.7 23.6),163998,Myanmar (Burma),775,Asia,1,2,2015-05-11,2015-05-12,"
        "0,1,0,0,1,2,30\n"
        "900002,1989,1,3,512,JSS/SB - Civilians,979,JSS/SB - Civilians,285,,JSS/SB,1,,Civilians,"
        '1,"""Wire,1989-10-01,Six killed""",Wire,1989-10-01,Six killed,officials,2,Rangamati,'
        "Chittagong Division,Rangamati District,22.6,92.1,POINT (92.1 22.6),162545,Bangladesh,"
        "771,Asia,1,1,1989-09-30,1989-09-30,0,0,6,0,5,6,8\n",
    )
    hdx_header = header.replace("active_year,", "active_year,start_year,end_year,").replace(
        "country_id,", "country_id,iso3,"
    )
    hxl = ",".join(
        {
            "year": "#date+year",
            "best": "#affected+killed",
            "country": "#country+name",
            "iso3": "#country+code",
            "date_start": "#date+start",
        }.get(column, "")
        for column in hdx_header.split(",")
    )
    write(
        "ucdp_hdx.csv",
        hdx_header + "\n" + hxl + "\n"
        "900011,2013,0,2013,2013,2,4591,A - B,5201,A - B,372,,Supporters of A,374,,Supporters "
        'of B,1,"""Wire,2013-12-14,Seven killed""",Wire,2013-12-14,Seven killed,police,1,'
        "Bhandaria,Barisal Division,Pirojpur District,22.4,90.0,POINT (90.0 22.4),161821,"
        "Bangladesh,771,BGD,Asia,1,2,2013-12-13,2013-12-14,0,1,0,0,1,1,1\n",
    )


def bad_fixtures() -> None:
    header = "event_id_cnty,event_date,country,fatalities,timestamp\n"
    good = [
        f"MLI{n},2017-{1 + n % 12:02d}-{1 + n % 27:02d},Mali,{n % 5},1600000000"
        for n in range(1, 21)
    ]

    def rows(*replacements: tuple[int, str]) -> str:
        lines = list(good)
        for index, line in replacements:
            lines[index] = line
        return header + "\n".join(lines) + "\n"

    write("empty.csv", "", folder=BAD)
    write("header_only.csv", header, folder=BAD)
    write("truncated_last_record.csv", header + "\n".join(good) + "\nMLI99,2017-12-0", folder=BAD)
    (BAD / "binary.csv").write_bytes(bytes(range(256)) * 4)
    write(
        "html_error_page.csv",
        "<!DOCTYPE html>\n<html><head><title>Page not found</title></head>\n"
        "<body><h1>404</h1><p>Sorry, that page does not exist.</p></body></html>\n",
        folder=BAD,
    )
    write(
        "json_error_page.csv",
        '{"status": 403, "success": false, "error": {"status": 403, '
        '"message": "Access denied: your key has expired"}}\n',
        folder=BAD,
    )
    write_workbook(BAD / "no_data_sheet.xlsx", {"TOU": [["Terms of use"]], "Chart": [["x", "y"]]})
    write(
        "wrong_delimiter.csv", header.replace(",", ":") + "MLI1:2017-01-02:Mali:3:1\n", folder=BAD
    )
    write(
        "semicolon_delimiter.csv",
        header.replace(",", ";") + "MLI1;2017-01-02;Mali;3;1\n",
        folder=BAD,
    )
    write(
        "missing_fatalities.csv",
        "event_id_cnty,event_date,country\nMLI1,2017-01-02,Mali\n",
        folder=BAD,
    )
    write("missing_date.csv", "event_id_cnty,country,fatalities\nMLI1,Mali,3\n", folder=BAD)
    write("negative_fatalities.csv", rows((4, "MLI5,2017-06-06,Mali,-2,1600000000")), folder=BAD)
    write("fractional_fatalities.csv", rows((6, "MLI7,2017-08-08,Mali,2.5,1600000000")), folder=BAD)
    write(
        "text_fatalities.csv",
        header + "\n".join(f"MLI{n},2017-01-0{1 + n % 9},Mali,unknown,1" for n in range(6)) + "\n",
        folder=BAD,
    )
    write("date_before_1989.csv", rows((2, "MLI3,1197-04-04,Mali,1,1600000000")), folder=BAD)
    write("date_in_future.csv", rows((9, "MLI10,2999-01-01,Mali,1,1600000000")), folder=BAD)
    write("bad_date.csv", rows((11, "MLI12,2017-02-30,Mali,1,1600000000")), folder=BAD)
    write(
        "year_disagrees.csv",
        "event_id_cnty,event_date,year,country,fatalities\nMLI1,2015-12-28,2016,Mali,2\n"
        "MLI2,2016-01-03,2016,Mali,1\n",
        folder=BAD,
    )
    write("empty_fatalities.csv", rows((3, "MLI4,2017-05-05,Mali,,1600000000")), folder=BAD)


# ---------------------------------------------------------------------------
# A minimal xlsx writer (inline strings; dates as serial numbers with a date style)

Cell = str | int | float | date | None


def write_workbook(path: Path, sheets: dict[str, list[list[Cell]]]) -> None:
    names = list(sheets)
    files: dict[str, str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, name in enumerate(names, 1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(names) + 1)
            )
            + f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" xfId="0"/>'
            '<xf numFmtId="14" xfId="0" applyNumberFormat="1"/></cellXfs>'
            "</styleSheet>"
        ),
    }
    for i, name in enumerate(names, 1):
        files[f"xl/worksheets/sheet{i}.xml"] = _sheet_xml(sheets[name])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in files.items():
            archive.writestr(zipfile.ZipInfo(member, ZIP_TIME), text)
    path.write_bytes(buffer.getvalue())


def _sheet_xml(rows: list[list[Cell]]) -> str:
    body = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{chr(ord('A') + c)}{r}"
            if value is None:
                continue
            if isinstance(value, date):
                serial = (value - date(1899, 12, 30)).days
                cells.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
            elif isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    )


if __name__ == "__main__":
    DIALECTS.mkdir(exist_ok=True)
    BAD.mkdir(exist_ok=True)
    event_fixtures()
    container_fixtures()
    aggregated_fixtures()
    ucdp_fixtures()
    bad_fixtures()
