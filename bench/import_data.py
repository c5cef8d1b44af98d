#!/usr/bin/env python3
"""import_data.py - the ledgers bench/import.sh imports (deterministic, cached in bench/data).

  import_data.py enterprises N FILE   N enterprises: 企业名称, 统一社会信用代码 (valid), 注册地址
  import_data.py projects N E FILE    N projects naming the first E enterprises by credit code,
                                      as a 招商 office's 项目台账 export looks: codes, names,
                                      amounts in 万元 or written as "1.5亿", dates in Chinese,
                                      chains, locations and units by name
"""
import sys

ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_check(first8):
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    s = sum((int(c) if c.isdigit() else ord(c) - 55) * w[i] for i, c in enumerate(first8))
    c = 11 - s % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def credit_code(i):
    org8 = "%08d" % (30000000 + i)
    first17 = "91370100" + org8 + org_check(org8)
    s, w = 0, 1
    for c in first17:
        s = (s + ALPHA.index(c) * w) % 31
        w = w * 3 % 31
    return first17 + ALPHA[(31 - s) % 31]


CHAINS = ["新能源汽车", "大科学装置与高端装备", "数字经济", "现代服务业", "生物医药", "新材料"]
PLACES = ["起步区", "起步区", "新旧动能转换起步区", "天桥区", "济阳区"]
UNITS = ["投资促进局", "经济发展局", "建设管理局"]


def main():
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[-1]
    with open(out, "w", encoding="utf-8", newline="") as f:
        if kind == "enterprises":
            f.write("企业名称,统一社会信用代码,注册地址\r\n")
            for i in range(n):
                f.write("观澜测试%d号科技有限公司,%s,济南市起步区崔寨街道%d号\r\n"
                        % (i + 1, credit_code(i), i % 500 + 1))
            return
        ents = int(sys.argv[3])
        f.write("项目编号,项目名称,统一社会信用代码,总投资（万元）,签约时间,所属产业链,"
                "项目地点,责任单位\r\n")
        for i in range(n):
            amount = "%d.5亿" % (i % 90 + 1) if i % 3 == 0 else str(1000 + i % 9000)
            f.write("QH-B-%07d,起步区%s项目%d号,%s,%s,2023年%d月%d日,%s,%s,%s\r\n"
                    % (i + 1, CHAINS[i % 6], i + 1, credit_code(i % ents), amount, i % 12 + 1,
                       i % 28 + 1, CHAINS[i % 6], PLACES[i % 5], UNITS[i % 3]))


if __name__ == "__main__":
    main()
