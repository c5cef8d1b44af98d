#!/usr/bin/python3
"""xlsx_read.py - read an .xlsx back with an independent reader (Debian's python3-openpyxl)
and print what export.test.mjs compares, as JSON:

  {"sheets": [{"name", "freeze", "autofilter", "widths": {"A": 15.7, ...},
               "rows": [[{"v": value, "t": type, "fmt": number format, "bold": bool}, ...]]}]}

type is "s" (text), "n" (number), "d" (date: v is "YYYY-MM-DD") or "null".
usage: xlsx_read.py FILE.xlsx
"""
import datetime
import json
import sys

import openpyxl


def cell(c):
    v = c.value
    if v is None:
        t = "null"
    elif isinstance(v, datetime.datetime):
        t, v = "d", v.date().isoformat()
    elif isinstance(v, datetime.date):
        t, v = "d", v.isoformat()
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        t = "n"
    else:
        t, v = "s", str(v)
    return {"v": v, "t": t, "fmt": c.number_format, "bold": bool(c.font and c.font.b)}


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    out = {"sheets": []}
    for ws in wb.worksheets:
        out["sheets"].append({
            "name": ws.title,
            "freeze": ws.freeze_panes,
            "autofilter": ws.auto_filter.ref,
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "rows": [[cell(c) for c in row] for row in ws.iter_rows()],
        })
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
