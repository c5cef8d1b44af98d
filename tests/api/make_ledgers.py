#!/usr/bin/python3
"""make_ledgers.py OUTDIR - the ledgers imports.test.mjs and import-cli.test.mjs import.

Deterministic: the same bytes every run (openpyxl's timestamps are fixed below).  Names of
chains, channels, places and units are the reference data's (sql/002_reference.sql).
"""
import datetime
import os
import sys

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "unit", "fixtures"))
from make_xlsx import C1, C2, C3, C1_BAD  # noqa: E402

HEAD = ["企业名称", "统一社会信用代码", "注册地址", "标签", "联系人", "联系电话"]
ROWS = [["比亚迪汽车工业有限公司", C1, "济南市起步区", "新能源、整车", "张娜", "0531-88888888"],
        ["国家电力投资集团有限公司", C2, "北京市西城区", "", "", ""],
        ["京东科技有限公司", C3, "", "物流", "", ""]]


def csv_text(rows):
    return "".join(",".join(r) + "\r\n" for r in [HEAD] + rows)


def fixed(wb):
    t = datetime.datetime(2024, 1, 1)
    wb.properties.created = t
    wb.properties.modified = t


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "ent-gb.csv"), "wb") as f:
        f.write(("企业名录（2023年）,,,,,\r\n" + csv_text(ROWS)).encode("gb18030"))
    with open(os.path.join(out, "ent-bom.csv"), "wb") as f:
        f.write(b"\xef\xbb\xbf" + csv_text(ROWS).encode("utf-8"))
    changed = [list(r) for r in ROWS]
    changed[1][2] = "北京市西城区金融大街28号"
    with open(os.path.join(out, "ent-changed.csv"), "wb") as f:
        f.write(csv_text(changed).encode("utf-8"))
    dup = [list(r) for r in ROWS] + [["比亚迪（重复）", C1, "", "", "", ""]]
    with open(os.path.join(out, "ent-dup.csv"), "wb") as f:
        f.write(csv_text(dup).encode("utf-8"))

    # Projects: a merged title row, a note, traditional characters, amounts in 亿, dates
    # written as text, a totals row.
    wb = openpyxl.Workbook()
    fixed(wb)
    ws = wb.active
    ws.title = "重点项目"
    ws["A1"] = "2023年重点项目台账"
    ws.merge_cells("A1:J1")
    ws["A2"] = "填报单位：起步区投资促进局"
    ws.append(["项目编号", "項目名稱", "企业名称", "统一社会信用代码", "总投资（万元）",
               "签约时间", "所属产业链", "招商方式", "项目地点", "责任单位"])
    ws.append(["QH-2023-9001", "濟南比亞迪新能源汽車項目", "比亚迪汽车工业有限公司", C1,
               "1.5亿", "2023年2月3日", "新能源汽车", "产业链招商", "起步区", "投资促进局"])
    ws.append(["QH-2023-9002", "鵲華觀瀾會配套項目", "", C2, "3,000万元",
               datetime.datetime(2023, 3, 15), "数字经济", "以商招商", "历城区", "经济发展局"])
    ws.append(["QH-2023-9003", "智慧物流園項目", "京东科技有限公司", "", 800, None,
               "现代服务业", "其他", "济南新旧动能转换起步区", "投资促进局"])
    ws.append(["合计", None, None, None, "=SUM(E4:E6)"])
    wb.save(os.path.join(out, "projects.xlsx"))

    # Broken: each problem in a known cell.
    wb = openpyxl.Workbook()
    fixed(wb)
    ws = wb.active
    ws.title = "台账"
    ws.append(["项目编号", "项目名称", "统一社会信用代码", "总投资（万元）", "签约时间",
               "所属产业链"])
    ws.append(["QH-2023-8001", "项目甲", C1_BAD, 1000, "2023-02-30", "新能源汽车"])
    ws.append(["QH-2023-8002", "项目乙", C2, 500, "2023-02-03", "不存在的链"])
    ws.append(["QH-2023-8001", "项目丙", C3, "1.5亿", "2023-03-01", "数字经济"])
    ws.append(["QH-2023-8004", "项目丁", C3, "2亿", "2023-03-01", "数字经济"])
    wb.save(os.path.join(out, "broken.xlsx"))


if __name__ == "__main__":
    main()
