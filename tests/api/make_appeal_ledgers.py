#!/usr/bin/python3
"""make_appeal_ledgers.py OUTDIR - the appeal ledgers imports-appeals.test.mjs imports.

A 12345 ticket ledger as an office keeps it: a merged title row and a 填报单位 note above the
header, traditional characters taken from the seed article (濟南新舊動能轉換起步區, 鵲華觀瀾會),
a blank row, a 合计 row; the same ledger a week later as GB18030 CSV (one ticket answered
since); and a broken one.  Deterministic: the same bytes every run.
"""
import datetime
import os
import sys

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "unit", "fixtures"))
from make_xlsx import C1, C2, C3  # noqa: E402

ENTS = "企业名称,统一社会信用代码\r\n比亚迪汽车工业有限公司,%s\r\n国家电力投资集团有限公司,%s\r\n京东科技有限公司,%s\r\n" % (C1, C2, C3)
HEAD = ["工单号", "企业名称", "统一社会信用代码", "诉求类别", "诉求内容", "提交时间", "受理时间",
        "承办单位", "办理状态", "答复内容", "答复时间", "满意度"]
ROWS = [
    ["12345-2024-0001", "比亚迪汽车工业有限公司", "", "融资", "申请濟南新舊動能轉換起步區贷款贴息",
     "2024年3月1日", "2024年3月4日", "经济发展局", "已办结", "贴息已兑现", "2024年3月20日", "满意"],
    ["12345-2024-0002", "", C2, "審批服務", "鵲華觀瀾會上反映施工许可办理慢", "2024/03/05", "",
     "建设管理局", "办理中", "", "", ""],
    ["12345-2024-0003", "京东科技有限公司", "", "", "咨询人才公寓政策", "2024-03-06", "", "",
     "待受理", "", "", ""],
]


def csv_text(rows):
    return "".join(",".join(r) + "\r\n" for r in [HEAD] + rows)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "ents.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(ENTS)
    wb = openpyxl.Workbook()
    t = datetime.datetime(2024, 1, 1)
    wb.properties.created = t
    wb.properties.modified = t
    ws = wb.active
    ws.title = "12345工单"
    ws["A1"] = "2024年12345热线涉企诉求台账"
    ws.merge_cells("A1:L1")
    ws["A2"] = "填报单位：起步区营商环境局"
    ws.append(HEAD)
    for r in ROWS:
        ws.append(r)
    ws.append([])
    ws.append(["合计", "3件"])
    wb.save(os.path.join(out, "appeals.xlsx"))

    # A week later: ticket 0002 answered; the others as they were.
    later = [list(r) for r in ROWS]
    later[1][8:11] = ["已答复", "已开通绿色通道", "2024年3月8日"]
    with open(os.path.join(out, "appeals-later.csv"), "wb") as f:
        f.write(("2024年12345热线涉企诉求台账,,,,,,,,,,,\r\n" + csv_text(later)).encode("gb18030"))
    # Ticket 0003's words corrected: an update of the text alone.
    fixed = [list(r) for r in later]
    fixed[2][4] = "咨询人才公寓申请条件"
    with open(os.path.join(out, "appeals-fixed.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(csv_text(fixed))

    broken = [
        ["12345-2024-0101", "不存在的公司", "", "融资", "甲", "2024年2月30日", "", "", "", "", "", ""],
        ["12345-2024-0102", "比亚迪汽车工业有限公司", "", "融资", "乙", "2024-03-01", "2024-02-01",
         "经济发展局", "搞定了", "", "", ""],
        ["12345-2024-0102", "比亚迪汽车工业有限公司", "", "融资", "丙", "2024-03-02", "", "", "", "",
         "", ""],
        ["12345-2024-0103", "京东科技有限公司", "", "融资", "丁", "2024-03-02", "", "经济发展局",
         "已办结", "已答复", "2024-03-09", ""],
        ["12345-2024-0001", "比亚迪汽车工业有限公司", "", "融资", "申请濟南新舊動能轉換起步區贷款贴息",
         "2024年3月1日", "2024年3月4日", "经济发展局", "办理中", "贴息已兑现", "2024年3月20日", ""],
    ]
    with open(os.path.join(out, "appeals-broken.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(csv_text(broken))


if __name__ == "__main__":
    main()
