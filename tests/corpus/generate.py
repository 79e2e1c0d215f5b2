#!/usr/bin/env python3
"""Writes the bad-input corpus: tests/corpus/bad/* and its manifest, from tests/corpus/base.csv.

base.csv is `qingling generate --households 3 --seed 1 --out base.csv` (synthetic, address codes 99xxxx).
good.csv is base.csv with a 年度 column: the file every test database is filled with first. Each bad file is
good.csv with one thing wrong (or a hostile package); manifest.csv names, for each, where the importer must
say the problem is (row 0 = the whole file; column empty = none) and a fragment of its message.
Run from anywhere: python3 tests/corpus/generate.py. Deterministic: the same files every time.
"""
import csv, io, os, random, zipfile, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, "bad")
os.makedirs(BAD, exist_ok=True)
for f in os.listdir(BAD):
    os.remove(os.path.join(BAD, f))

with open(os.path.join(HERE, "base.csv"), encoding="utf-8-sig", newline="") as f:
    lines = list(csv.reader(f))
TITLE, HEADER, DATA = lines[0], lines[1], lines[2:]
HEADER = HEADER + ["年度"]
DATA = [r + ["2022"] for r in DATA]
FIRST = 3  # file row of DATA[0]: title row, header row, then data
manifest = []


def col(name):
    return HEADER.index(name)


def copy():
    return [list(HEADER)], [list(r) for r in DATA]


def text(header, rows, title=True):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    if title:
        w.writerow(TITLE)
    for r in header + rows:
        w.writerow(r)
    return out.getvalue()


def write(name, data, row, column, fragment):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(BAD, name), mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(data)
    manifest.append((name, row, column, fragment))


def bad_csv(name, data_row, column, value, fragment, problem_row=None, problem_column=None):
    """good.csv with one cell changed: DATA[data_row][column] = value."""
    header, rows = copy()
    rows[data_row][col(column)] = value
    write(name, text(header, rows), FIRST + (data_row if problem_row is None else problem_row),
          column if problem_column is None else problem_column, fragment)


def check_char(first17):
    s = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17))
    return "10X98765432"[s % 11]


def make_id(address, birth, seq):
    first17 = f"{address}{birth}{seq:03d}"
    return first17 + check_char(first17)


with open(os.path.join(HERE, "good.csv"), "w", encoding="utf-8", newline="") as f:
    f.write(text([HEADER], DATA))

# ---- files that are not an export at all ----
write("empty.csv", b"", 0, "", "找不到表头行")
write("header-only.csv", text([HEADER], []), 0, "", "没有数据行")
write("title-only.csv", text([], []), 0, "", "找不到表头行")
rng = random.Random(9)
write("binary-junk.csv", bytes(rng.randrange(256) for _ in range(3000)), 0, "", "找不到表头行")
write("binary-junk.xlsx", bytes(rng.randrange(256) for _ in range(3000)), 0, "", "不是有效的 .xlsx")
write("legacy.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), 0, "", "另存为 .xlsx")
write("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 0, "", "不支持的文件类型")
write("header-below-row-20.csv", "说明\n" * 24 + text([HEADER], DATA, title=False), 0, "", "找不到表头行")
write("not-csv-html.csv", "<html><body><table><tr><td>户编号</td></tr></table></body></html>\n", 0, "", "找不到表头行")

# ---- encodings ----
good_text = text([HEADER], DATA)
write("utf16le-no-bom.csv", good_text.encode("utf-16-le"), 0, "", "找不到表头行")
write("big5.csv", good_text.encode("big5", errors="replace"), 0, "", "找不到表头行")
header, rows = copy()
utf8_bom = b"\xef\xbb\xbf" + text(header, rows[:5]).encode("utf-8")
write("mixed-utf8-gbk.csv", utf8_bom + text([], rows[5:6], title=False).encode("gb18030") + text([], rows[6:], title=False).encode("utf-8"),
      FIRST + 5, "省", "乱码")

# ---- header problems ----
for name, column in [("missing-id-column.csv", "证件号码"), ("missing-labour-column.csv", "劳动技能"),
                     ("missing-province-column.csv", "省"), ("missing-town-column.csv", "乡(镇)"),
                     ("missing-relation-column.csv", "与户主关系"), ("missing-type-column.csv", "户类型")]:
    i = col(column)
    header, rows = copy()
    for r in header + rows:
        del r[i]
    write(name, text(header, rows), 2, column, "缺少必需的列")
header, rows = copy()
header[0][col("省")] = "省名称"  # an unreadable 省 header: refused, not a second region tree
write("unrecognised-province-header.csv", text(header, rows), 2, "省", "缺少必需的列")
header, rows = copy()
header[0].append("姓名")
for r in rows:
    r.append(r[col("姓名")])
write("duplicate-name-column.csv", text(header, rows), 2, "姓名", "同一字段出现了两列")
header, rows = copy()
i = col("年度")
for r in header + rows:
    del r[i]
write("no-year.csv", text(header, rows), 0, "年度", "无法确定收入所属年度")

# ---- ID numbers ----
ID = DATA[1][col("证件号码")]
bad_csv("id-bad-check-char.csv", 1, "证件号码", ID[:17] + ("1" if ID[17] == "0" else "0"), "校验")
bad_csv("id-17-chars.csv", 1, "证件号码", ID[:17], "18")
bad_csv("id-letters.csv", 1, "证件号码", ID[:6] + "ABCDEFGH" + ID[14:], "证件号码")
bad_csv("id-bad-birth-date.csv", 1, "证件号码", make_id("990000", "19871345", 2), "出生日期")
bad_csv("id-empty.csv", 1, "证件号码", "", "必填项为空")
header, rows = copy()
rows.insert(2, list(rows[1]))  # the same member twice in one household
write("id-duplicate-in-household.csv", text(header, rows), FIRST + 2, "证件号码", "同一证件号码已出现在第4行")
header, rows = copy()
MEMBER = [col(c) for c in ["姓名", "证件号码", "与户主关系", "性别", "民族", "出生日期", "文化程度", "在校生状况", "健康状况", "残疾类别", "劳动技能", "务工状况", "务工时间（月）"]]
twin = list(rows[4])
for i in MEMBER:
    twin[i] = rows[1][i]
twin[col("与户主关系")] = "其他"
rows.insert(5, twin)  # a member of the first household also listed in the second
write("id-in-two-households.csv", text(header, rows), FIRST + 5, "证件号码", "同一成员出现在两户")
bad_csv("id-with-spaces-inside.csv", 1, "证件号码", ID[:9] + " " + ID[9:], "证件号码")

# ---- dates, sex, labour against age ----
future = make_id("990000", "20300301", 101)
header, rows = copy()
rows[2][col("证件号码")], rows[2][col("出生日期")], rows[2][col("性别")], rows[2][col("劳动技能")] = future, "2030-03-01", "男", "无劳动力"
write("born-in-2030.csv", text(header, rows), FIRST + 2, "出生日期", "晚于今天")
bad_csv("birth-date-mismatch.csv", 1, "出生日期", "1987-08-13", "不符")
bad_csv("birth-date-invalid.csv", 1, "出生日期", "1987-02-30", "不是有效日期")
bad_csv("sex-mismatch.csv", 1, "性别", "男", "与证件号码不符")
bad_csv("sex-unknown.csv", 1, "性别", "未知", "性别应为")
child = make_id("990000", "20180601", 103)
header, rows = copy()
rows[2][col("证件号码")], rows[2][col("出生日期")], rows[2][col("性别")], rows[2][col("劳动技能")] = child, "2018-06-01", "男", "普通劳动力"
write("child-aged-4-with-labour.csv", text(header, rows), FIRST + 2, "劳动技能", "未满16周岁")
header, rows = copy()
rows[2][col("证件号码")], rows[2][col("出生日期")], rows[2][col("性别")], rows[2][col("劳动技能")] = child, "2018-06-01", "男", "弱劳动力或半劳动力"
write("child-with-weak-labour.csv", text(header, rows), FIRST + 2, "劳动技能", "无劳动力")

# ---- vocabulary and required cells ----
bad_csv("labour-unknown.csv", 1, "劳动技能", "强劳动力", "未知的劳动技能")
bad_csv("labour-empty.csv", 1, "劳动技能", "", "必填项为空")
bad_csv("name-empty.csv", 1, "姓名", "", "必填项为空")
bad_csv("relation-empty.csv", 1, "与户主关系", "", "必填项为空")
bad_csv("months-worked-13.csv", 1, "务工时间（月）", "13", "0到12")
bad_csv("months-worked-fraction.csv", 1, "务工时间（月）", "2.5", "0到12")
bad_csv("months-worked-negative.csv", 1, "务工时间（月）", "-1", "0到12")


def household_csv(name, household_rows, column, value, fragment, problem_row=None):
    header, rows = copy()
    for i in household_rows:
        rows[i][col(column)] = value
    write(name, text(header, rows), FIRST + (household_rows[0] if problem_row is None else problem_row), column, fragment)


H0 = [0, 1, 2]  # the first household's data rows
household_csv("household-type-unknown.csv", H0, "户类型", "贫困户", "未知的户类型")
household_csv("household-type-empty.csv", H0, "户类型", "", "必填项为空")
household_csv("monitoring-unknown.csv", H0, "监测对象类别", "重点户", "未知的监测对象类别")
household_csv("exit-year-chinese.csv", H0, "脱贫年度", "二〇一八", "脱贫年度")
household_csv("exit-year-1900.csv", H0, "脱贫年度", "1900", "脱贫年度")
household_csv("persons-negative.csv", H0, "家庭人口数", "-3", "家庭人口数应为正整数")
household_csv("village-code-short.csv", H0, "行政村代码", "12345", "12位")
household_csv("village-empty.csv", H0, "行政村", "", "必填项为空")
household_csv("province-empty.csv", H0, "省", "", "必填项为空")
household_csv("county-empty.csv", H0, "县", "", "必填项为空")
household_csv("household-code-empty.csv", H0, "户编号", "", "必填项为空")
household_csv("province-not-in-register.csv", H0, "省", "云南", "不是数据库中已有的")
bad_csv("household-cells-differ.csv", 1, "联系电话", "13900000000", "不一致", problem_column="户编号")

# ---- money ----
household_csv("amount-negative.csv", H0, "务工收入", "-100.00", "负数")
household_csv("amount-three-decimals.csv", H0, "务工收入", "100.123", "两位小数")
household_csv("amount-text.csv", H0, "工资性收入", "一万元", "不是数字")
household_csv("amount-huge.csv", H0, "工资性收入", "99999999999999999999", "合理范围")
household_csv("amount-nan.csv", H0, "财产性收入", "NaN", "不是数字")
household_csv("subtotal-over-total.csv", H0, "工资性收入", "1.00", "分项之和")

# ---- years ----
for value in ["99999", "0", "-1", "2012", "2099", "二〇二二"]:
    household_csv(f"year-{value if value.isascii() else 'chinese'}.csv", list(range(len(DATA))), "年度", value, "年度应为")
header, rows = copy()
for r in rows[8:]:  # the third household
    r[col("年度")] = "2023"
write("two-years.csv", text(header, rows), FIRST + 8, "年度", "只能含一个年度")

# ---- heads ----
bad_csv("two-heads.csv", 1, "与户主关系", "户主", "两个户主")
bad_csv("no-head.csv", 0, "与户主关系", "之子", "没有户主")

# ---- size ----
bad_csv("huge-cell.csv", 1, "民族", "傣" * 40_000, "超过上限32,767")
header, rows = copy()
write("huge-row.csv", text(header, rows) + ",".join(["x" * 1000] * 1100) + "\n", FIRST + len(DATA), "", "一行的上限")


# ---- xlsx packages, written by hand so each part can be made hostile ----
def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(table, extra_cells=""):
    out = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for n, r in enumerate(table, 1):
        out.append(f'<row r="{n}">')
        for i, v in enumerate(r):
            if v != "":
                out.append(f'<c r="{col_name(i)}{n}" t="inlineStr"><is><t>{xml_escape(v)}</t></is></c>')
        if n == len(table):
            out.append(extra_cells)
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def package(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2023, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def xlsx(sheet, extra=None):
    parts = {"xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": RELS, "xl/worksheets/sheet1.xml": sheet}
    parts.update(extra or {})
    return package(parts)


GOOD_TABLE = [TITLE, HEADER] + DATA
good_xlsx = xlsx(sheet_xml(GOOD_TABLE))

xxe_sheet = sheet_xml(GOOD_TABLE).replace('<?xml version="1.0" encoding="UTF-8"?>',
    '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace("云南省", "&xxe;", 1)
write("xxe.xlsx", xlsx(xxe_sheet), 0, "", "DTD")
laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + ']>'
write("billion-laughs.xlsx", xlsx(sheet_xml(GOOD_TABLE), {"xl/sharedStrings.xml": laughs +
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'}), 0, "", "DTD")
write("truncated.xlsx", good_xlsx[: len(good_xlsx) // 2], 0, "", "不是有效的 .xlsx")
# The central directory intact, the sheet's compressed bytes overwritten: the damage is met while reading.
damaged = bytearray(good_xlsx)
start = damaged.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
for i in range(start + 40, start + 400):
    damaged[i] = 0xFF
write("damaged-sheet.xlsx", bytes(damaged), 0, "", "已损坏或不完整")
# Zip bombs, small on disk: one 6 MiB shared string; 1.2 million shared strings (ratio over 100:1 either way).
write("bomb-one-huge-string.xlsx", xlsx(sheet_xml(GOOD_TABLE), {"xl/sharedStrings.xml":
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>' + "a" * (6 << 20) + "</t></si></sst>"}), 0, "", "压缩炸弹")
write("bomb-many-strings.xlsx", xlsx(sheet_xml(GOOD_TABLE), {"xl/sharedStrings.xml":
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + "<si><t>a</t></si>" * 1_200_000 + "</sst>"}), 0, "", "压缩炸弹")
write("bomb-sheet-padding.xlsx", xlsx(sheet_xml(GOOD_TABLE).replace("</sheetData>", "</sheetData>" + " " * (8 << 20))), 0, "", "压缩炸弹")
huge = [list(r) for r in GOOD_TABLE]
huge[3][col("民族")] = "傣" * 40_000
write("huge-cell.xlsx", xlsx(sheet_xml(huge)), 4, col_name(col("民族")), "超过 32767 个字符")
write("column-past-xfd.xlsx", xlsx(sheet_xml(GOOD_TABLE, '<c r="XFE15" t="inlineStr"><is><t>x</t></is></c>')), 15, "XFE", "最大列数")
write("no-workbook.xlsx", package({"xl/worksheets/sheet1.xml": sheet_xml(GOOD_TABLE)}), 0, "", "找不到工作表")
write("sheet-not-xml.xlsx", xlsx("这不是XML <row><c>"), 0, "", "不是有效的 XML")
bad_rows = [list(r) for r in GOOD_TABLE]
bad_rows[3][col("证件号码")] = ID[:17] + ("1" if ID[17] == "0" else "0")
write("xlsx-id-bad-check-char.xlsx", xlsx(sheet_xml(bad_rows)), 4, "证件号码", "校验")
bad_rows = [list(r) for r in GOOD_TABLE]
bad_rows[4][col("证件号码")], bad_rows[4][col("出生日期")], bad_rows[4][col("性别")], bad_rows[4][col("劳动技能")] = child, "2018-06-01", "男", "技能劳动力"
write("xlsx-child-with-labour.xlsx", xlsx(sheet_xml(bad_rows)), 5, "劳动技能", "未满16周岁")

with open(os.path.join(BAD, "manifest.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["file", "row", "column", "message"])
    for m in manifest:
        w.writerow(m)
print(f"{len(manifest)} bad files in {BAD}")
