#!/usr/bin/env python3
"""xlsx_read.py: a small .xlsx reader for the tests (an .xlsx is a zip of XML; Python's zipfile
and xml.etree, nothing else).

  xlsx_read.py FILE.xlsx sheets            the sheet names, one a line
  xlsx_read.py FILE.xlsx cells SHEET       each row as tab-separated cells KIND:VALUE, KIND being
                                           s (text), n (number), d (date, ISO), b (boolean),
                                           m (number formatted #,##0.00: money), or empty
  xlsx_read.py FILE.xlsx info SHEET        frozen pane, autofilter range, column widths, charts
  xlsx_read.py FILE.xlsx compare SHEET FILE.csv
                                           every cell of SHEET against the CSV gazette wrote for
                                           the same run: text equal; numbers equal to the CSV's
                                           decimal as Excel reads and shows them (the double
                                           nearest it, 15 significant digits); dates equal;
                                           empty where the CSV is empty. Prints 'N cells, M
                                           differ' and each difference; exit 1 when any.
"""
import csv
import datetime
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def load(path):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    sheets = []
    for s in wb.find("m:sheets", NS):
        t = target[s.get(REL)]
        sheets.append((s.get("name"), "xl/" + t.lstrip("/").replace("xl/", "", 1)))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter("{%s}numFmt" % NS["m"])}
    xfs = []
    cellxfs = styles.find("m:cellXfs", NS)
    for xf in (cellxfs if cellxfs is not None else []):
        fid = int(xf.get("numFmtId", "0"))
        xfs.append(fmts.get(fid, {0: "General", 1: "0", 14: "yyyy-mm-dd"}.get(fid, "General")))
    return z, dict(sheets), [n for n, _ in sheets], shared, xfs


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def excel_date(serial):
    # the 1900 date system (serial 61 is 1900-03-01; Gazette writes no date before it)
    return (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))).isoformat()


def rows(path, sheet):
    z, paths, _, shared, xfs = load(path)
    root = ET.fromstring(z.read(paths[sheet]))
    out = []
    for row in root.iter("{%s}row" % NS["m"]):
        r = int(row.get("r")) - 1
        while len(out) <= r:
            out.append([])
        cells = out[r]
        for c in row.findall("m:c", NS):
            i = col_index(c.get("r"))
            while len(cells) <= i:
                cells.append(("", ""))
            t = c.get("t", "n")
            fmt = xfs[int(c.get("s", "0"))] if xfs else "General"
            v = c.find("m:v", NS)
            if t == "inlineStr":
                cells[i] = ("s", "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"])))
            elif t == "s":
                cells[i] = ("s", shared[int(v.text)])
            elif t == "str":
                cells[i] = ("s", v.text or "")
            elif t == "b":
                cells[i] = ("b", "true" if v.text == "1" else "false")
            elif v is None:
                cells[i] = ("", "")
            elif "yy" in fmt:
                cells[i] = ("d", excel_date(float(v.text)))
            elif fmt == "#,##0.00":
                cells[i] = ("m", v.text)
            else:
                cells[i] = ("n", v.text)
            if c.find("m:f", NS) is not None:
                cells[i] = ("f", c.find("m:f", NS).text)  # a formula: Gazette writes none
    return out


def shown(v):
    """A number as Excel holds and shows it: the double nearest the text, 15 significant digits."""
    return "%.15g" % float(v)


def same_number(xml, text, money):
    if float(xml) != float(text):
        return False
    if money:  # shown with two decimals: the amount to the fen
        return "%.2f" % float(xml) == "%.2f" % float(text) and shown(xml) == shown(text)
    return shown(xml) == shown(text)


def compare(path, sheet, csvpath):
    grid = rows(path, sheet)
    with open(csvpath, newline="", encoding="utf-8") as f:
        want = list(csv.reader(f))
    bad, n = [], 0
    if len(grid) != len(want):
        bad.append("rows: %d in the sheet, %d in the CSV" % (len(grid), len(want)))
    for r, line in enumerate(want):
        cells = grid[r] if r < len(grid) else []
        for i, text in enumerate(line):
            n += 1
            kind, v = cells[i] if i < len(cells) else ("", "")
            ok = False
            if text == "":
                ok = kind == ""
            elif kind == "s":
                ok = v == text
            elif kind in ("n", "m"):
                ok = re.fullmatch(r"-?\d+(\.\d+)?", text) is not None and same_number(v, text, kind == "m")
            elif kind == "d":
                ok = v == text
            elif kind == "b":
                ok = v == text
            if not ok:
                bad.append("row %d column %d: CSV %r, cell %s:%r" % (r + 1, i + 1, text, kind or "empty", v))
        if r < len(grid) and len(grid[r]) > len(line) and any(k for k, _ in grid[r][len(line):]):
            bad.append("row %d: cells past the CSV's columns" % (r + 1))
    print("%d cells, %d differ" % (n, len(bad)))
    for b in bad[:20]:
        print(b)
    return 1 if bad else 0


def info(path, sheet):
    z, paths, _, _, _ = load(path)
    root = ET.fromstring(z.read(paths[sheet]))
    pane = root.find(".//m:pane", NS)
    print("frozen", pane.get("topLeftCell") if pane is not None and pane.get("state") == "frozen" else "none")
    af = root.find("m:autoFilter", NS)
    print("filter", af.get("ref") if af is not None else "none")
    widths = []
    for c in root.iter("{%s}col" % NS["m"]):
        for k in range(int(c.get("min")), int(c.get("max")) + 1):
            widths.append("%d=%s" % (k, c.get("width")))
    print("widths", " ".join(widths) if widths else "none")
    rels = paths[sheet].replace("worksheets/", "worksheets/_rels/") + ".rels"
    charts = []
    if rels in z.namelist():
        for r in ET.fromstring(z.read(rels)):
            if r.get("Type", "").endswith("/drawing"):
                d = "xl/drawings/" + r.get("Target").split("/")[-1]
                drels = d.replace("drawings/", "drawings/_rels/") + ".rels"
                for cr in ET.fromstring(z.read(drels)):
                    cx = ET.fromstring(z.read("xl/charts/" + cr.get("Target").split("/")[-1]))
                    kind = [e.tag.split("}")[1] for e in cx.iter() if e.tag.endswith("Chart") and e.tag.split("}")[1] != "chart"]
                    bar = cx.find(".//{http://schemas.openxmlformats.org/drawingml/2006/chart}barDir")
                    cat = cx.find(".//{http://schemas.openxmlformats.org/drawingml/2006/chart}cat//{http://schemas.openxmlformats.org/drawingml/2006/chart}f")
                    val = cx.find(".//{http://schemas.openxmlformats.org/drawingml/2006/chart}val//{http://schemas.openxmlformats.org/drawingml/2006/chart}f")
                    charts.append("%s(%s) %s %s" % (kind[0] if kind else "?", bar.get("val") if bar is not None else "",
                                                      cat.text if cat is not None else "", val.text if val is not None else ""))
    print("charts", "; ".join(charts) if charts else "none")


def main(argv):
    path, what = argv[1], argv[2]
    if what == "sheets":
        print("\n".join(load(path)[2]))
    elif what == "cells":
        for row in rows(path, argv[3]):
            print("\t".join(("%s:%s" % (k, v)) if k else "" for k, v in row))
    elif what == "info":
        info(path, argv[3])
    elif what == "compare":
        return compare(path, argv[3], argv[4])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
