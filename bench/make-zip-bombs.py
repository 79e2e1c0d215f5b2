#!/usr/bin/env python3
"""Writes the two zip bombs of issue 9 (finding 5) into the folder given (default bench/out/bombs):
one-800mib-string.xlsx (about 800 KiB, one shared string of 800 MiB) and 50m-strings.xlsx (about 2 MiB,
50,000,000 one-letter shared strings). Streams as it compresses: needs little memory itself."""
import os, sys, zipfile
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "bombs")
os.makedirs(out, exist_ok=True)
W='<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
R='<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
S='<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
def make(name, chunks):
    with zipfile.ZipFile(name, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr('xl/workbook.xml', W); z.writestr('xl/_rels/workbook.xml.rels', R); z.writestr('xl/worksheets/sheet1.xml', S)
        with z.open('xl/sharedStrings.xml', 'w', force_zip64=True) as f:
            for c in chunks: f.write(c)
def one():
    yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    block = b'a' * (1 << 20)
    for _ in range(800): yield block
    yield b'</t></si></sst>'
def many():
    yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    block = b'<si><t>a</t></si>' * 100000
    for _ in range(500): yield block
    yield b'</sst>'
make(os.path.join(out, 'one-800mib-string.xlsx'), one())
make(os.path.join(out, '50m-strings.xlsx'), many())
