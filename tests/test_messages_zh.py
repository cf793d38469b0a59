"""The Chinese interface as a bureau analyst sees it: bad inputs run under LANG=zh_CN.UTF-8, and no line on
stderr (nor the annual report's warnings and notes) holds a run of English words.

`tests/test_messages.py` scans the source for messages; this one catches what a scan cannot see, a part of
a message made somewhere else and put into a Chinese line: one case per way such a part is made (a
reason kept in a field, `why_skipped`, a helper's text argument `r.fail(key, "is missing")`, `" and
".join`, an `and N more` suffix, a constant such as MONTH_FORMS, a note a helper returns, a note the
report put in raw). Machine names stay as they are: file names, option names, column and kind names,
status words, rule ids.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import bureau_files as bf

from jncli import schema as schemas

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ZH = {"LC_ALL": None, "LANG": "zh_CN.UTF-8"}
GROWTH = ("--province-growth", "10%", "--province-rural-growth", "12%")

# The machine's own words, which a Chinese line quotes as they are.
MACHINE = {c.name for s in schemas.SCHEMAS.values() for c in s.columns} | set(schemas.SCHEMAS)
MACHINE |= {"jncli", "schema", "included", "awarded", "qualified", "ineligible", "null", "true", "false"}
MACHINE |= {"ledger", "candidates", "OUT_DIR", "DATA", "platform", "yuan", "wan", "yi"}
MACHINE -= {
    "measure",
    "year",
    "name",
    "rule",
    "kind",
    "month",
    "award",
    "rate",
    "training",
    "hires",
    "shops",
}  # words too
ONE_WORD = re.compile(
    r"(?<![A-Za-z])(?:and|or|more|the|not|with|of|is|headers|nearest|empty|row|rows|line|column)(?![A-Za-z])"
)
TWO_WORDS = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}[ ,;:]+[a-z]{2,}(?![A-Za-z])")  # 从this run's: no \b after 从


def english_runs(line: str) -> list[str]:
    """The runs of English words in a line, once the machine's names are taken out."""
    line = re.sub(r"^jncli [a-z-]+: ", "", line)
    line = re.sub(r"--[a-z][a-z-]*|'[^']*'|\"[^\"]*\"|`[^`]*`|\S*/\S*|\S+\.(?:csv|tsv|toml|json|xlsx|txt)\b", " ", line)
    line = re.sub(r"\b\w*[_.]\w*\b", " ", line)  # online_retail, m1.online, manifest.json
    words = [w if w not in MACHINE else "·" for w in re.split(r"(\W+)", line)]
    return TWO_WORDS.findall("".join(words)) + ONE_WORD.findall("".join(words))


def check(lines: list[str], where: str) -> None:
    bad = [(line, runs) for line in lines if (runs := english_runs(line))]
    assert not bad, f"{where}: English in the Chinese interface:\n" + "\n".join(f"  {r}  ←  {line}" for line, r in bad)


def zh_err(jncli, *args, cwd: Path, code: int | None = None) -> list[str]:
    proc = jncli(*map(str, args), cwd=cwd, env=ZH, text=True)
    if code is not None:
        assert proc.returncode == code, (args, proc.stderr)
    assert proc.stderr.strip(), args
    return proc.stderr.splitlines()


def test_the_english_run_check_finds_english_and_passes_machine_names():
    assert english_runs("jncli annual: 第 4 条措施（shop counts）未计算：--skip 4") == ["shop counts"]
    assert english_runs("x.csv 第2行，online_retail列：'abc' 不是数字（提示：见 `jncli schema counties`）") == []
    assert english_runs("--previous 需要列 beneficiary, status（ledger）；或 credit_code（candidates）") == []


def test_bad_inputs_get_whole_chinese_lines(jncli, tmp_path):
    lines: list[str] = []

    def w(name: str, text: str) -> Path:
        (tmp_path / name).write_text(text, encoding="utf-8")
        return tmp_path / name

    # a missing column: `… (22 more; see jncli schema)` came from a helper
    lines += zh_err(
        jncli, "score-counties", w("c.csv", "年份,网络零售额(万元)\n2023,5\n"), *GROWTH, cwd=tmp_path, code=1
    )
    # a helper's reason for an empty key column (`_bad_rows(…, "empty, but …")`)
    shops = (SAMPLES / "shops.csv").read_text("utf-8").splitlines()
    bad_key = "\n".join([*shops[:20], "快手,任城区,2023-02-03,,,,是,1,"]) + "\n"
    lines += zh_err(jncli, "track-shops", w("s.csv", bad_key), cwd=tmp_path, code=1)
    no_open = "\n".join([*shops[:20], "快手,任城区,,,,,是,1,994"]) + "\n"
    lines += zh_err(jncli, "track-shops", w("s2.csv", no_open), cwd=tmp_path, code=1)
    # the reason and hint `_empty(…, "the person id", "every hire names the person")` put into the line
    hires = (SAMPLES / "hires.csv").read_text("utf-8").splitlines()
    no_id = "\n".join([*hires[:10], "91370829K6DKXRDAXP,某公司,嘉祥县,,,,"]) + "\n"
    ins = SAMPLES / "insurance.csv"
    lines += zh_err(
        jncli, "trained-hires", w("h.csv", no_id), "--insurance", ins, "--year", "2023", cwd=tmp_path, code=1
    )
    # MONTH_FORMS, a constant quoted in the line
    bad_month = "身份证号,统一社会信用代码,参保月份\n990800198611156733,91370800NT730M34X7,2022-13\n"
    hires_file = SAMPLES / "hires.csv"
    lines += zh_err(jncli, "trained-hires", hires_file, "--insurance", w("i.csv", bad_month), cwd=tmp_path, code=1)
    # `; or …` of the shapes --previous takes
    args = ("--records", SAMPLES / "records.csv", "--as-of", "2023-12-31", "--previous", SAMPLES / "counties.csv")
    lines += zh_err(jncli, "whitelist", SAMPLES / "candidates.csv", *args, cwd=tmp_path, code=1)
    # the problem a policy-file helper puts after the key (`r.fail(key, "must be 1 or more, not 0")`)
    policy = (ROOT / "jncli/policies/jining-2022.toml").read_text("utf-8")
    for old, new in (("migrated_top = 3", "migrated_top = 0"), ("consecutive_months = 6\n", "")):
        assert old in policy
        toml = w("p.toml", policy.replace(old, new, 1))
        lines += zh_err(
            jncli, "score-counties", SAMPLES / "counties.csv", *GROWTH, "--policy", toml, cwd=tmp_path, code=1
        )
    # JSON: a lone surrogate, and true among the numbers of a nested key (named `a/b`)
    surrogate = zh_err(jncli, "cat", w("s.json", '[{"企业名称":"x\\ud800y","a":1}]'), cwd=tmp_path, code=1)
    assert "s.json 第1行，键 企业名称：'x\\ud800y' 中有不是有效字符的内容：孤立的代理项 \\ud800" in surrogate[0]
    nested = zh_err(jncli, "cat", w("n.json", '[{"a":{"b":true}},{"a":{"b":5}}]'), cwd=tmp_path, code=1)
    assert "n.json 第1行，键 a/b：数值列中出现 true（jncli 会把它读作 1）" in nested[0]
    lines += surrogate + nested
    # a CSV whose line has too few fields (a line problem a helper returns)
    lines += zh_err(jncli, "cat", w("t.tsv", "a\tb\n1\n"), cwd=tmp_path, code=1)
    # a dated table partly outside the policy period: `N of M row(s) not in force`
    lines += zh_err(jncli, "check-validity", SAMPLES / "shops.csv", "--date-column", "opened_on", cwd=tmp_path, code=3)
    # a workbook whose table is on its only visible sheet: the note a helper returns with the sheet
    draft = bf.counties_sheet(name="草稿")
    draft.hidden = True
    book = bf.write_xlsx(tmp_path / "b.xlsx", [draft, bf.counties_sheet()])
    read = zh_err(jncli, "cat", "--as", "counties", book, cwd=tmp_path, code=0)
    assert "（工作表：草稿（隐藏）, 2023年）" in read[0] and "hidden" not in "".join(read), read  # was `草稿 (hidden)`
    lines += read
    hidden = zh_err(jncli, "cat", "--as", "counties", book, "--sheet", "草稿", cwd=tmp_path, code=0)
    # `row, why = (…, "a total row (合计)")` under --strict; a warning `{message} ({hint})` split at the header's ` (`
    counties = (SAMPLES / "counties.csv").read_text("utf-8")
    total = w("t.csv", counties + "合计,2023,1,1,1,1\n")
    lines += zh_err(jncli, "score-counties", total, *GROWTH, "--strict", cwd=tmp_path, code=1)
    big = w("big.csv", "县市区,年份,网络零售额\n任城区,2023,99999999999\n")
    lines += zh_err(jncli, "cat", "--as", "counties", big, cwd=tmp_path, code=0)
    # a rule's own Chinese (`Said`) that put an English row reference into it: `… row 11：类别 …`
    cands = (SAMPLES / "candidates.csv").read_text("utf-8").splitlines()
    odd = w("w.csv", "\n".join([*cands[:5], "91370800AAAAAAAAAB,某公司,火箭类,任城区,1000,20,2"]) + "\n")
    args = ("--records", SAMPLES / "records.csv", "--as-of", "2023-12-31")
    lines += zh_err(jncli, "whitelist", odd, *args, cwd=tmp_path, code=0)
    ents = (SAMPLES / "enterprises.csv").read_text("utf-8").splitlines()
    title = "91370829XEC4FBTPHD,某公司,嘉祥县,2023,是,是,10200,7795.52,国家级电子商务示范企业X,,否"
    lines += zh_err(jncli, "award-enterprises", w("e.csv", f"{ents[0]}\n{title}\n"), cwd=tmp_path, code=0)
    lines += hidden
    # verify of a folder that is no run: "no such file" was left in English (a longer template won the line)
    (tmp_path / "empty").mkdir()
    for folder in ("empty", "missing"):
        gone = zh_err(jncli, "verify", tmp_path / folder, cwd=tmp_path, code=1)
        assert gone[0].startswith(f"jncli verify: {tmp_path / folder}："), gone
        lines += gone
    check(lines, "bad inputs")


def test_the_yearly_run_its_report_and_verify_speak_chinese(jncli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns("*.md", "*.sh"))
    out = tmp_path / "out"
    # the measures skipped, each with its `what` and why (`--skip 7 (measure 8 reads measure 7's result)`)
    lines = zh_err(jncli, "annual", data, "--year", "2023", *GROWTH, "--skip", "7", "-o", out, cwd=tmp_path, code=0)
    page = (out / "report.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "\n", re.sub(r"<(style|script|svg)\b.*?</\1>", "", page, flags=re.S)))
    lines += [line.replace("(outside)", "") for line in text.splitlines() if "（第" in line or "未计算" in line]
    # the whole run: `this run's whitelist` was an English name put into the Chinese note
    whole = zh_err(jncli, "annual", data, "--year", "2023", *GROWTH, "-o", tmp_path / "all", cwd=tmp_path, code=0)
    lines += [line.replace("(outside)", "") for line in whole]
    # a manifest edited after the run: the helper's problem and its default hint
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    del manifest["options"]["year"]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    lines += zh_err(jncli, "verify", out, cwd=tmp_path, code=1)
    # a data folder with two tables no measure knows: `(and 1 more: …)` and what each looks like
    (data / "notes.csv").write_text("姓名,电话\n张三,1\n", encoding="utf-8")
    (data / "weird.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    lines += zh_err(jncli, "annual", data, "--year", "2023", *GROWTH, "-o", tmp_path / "o2", cwd=tmp_path, code=1)
    check(lines, "annual")


def test_ids_as_bureaus_write_them_and_what_else_lies_in_the_folder_speak_chinese(jncli, tmp_path):
    """Review 9 (findings 4, 5, 6, 11): the note on ="9137…" ids, an invalid record code, a list without a
    record kind, one enterprise under two codes, a lock file: whole Chinese lines."""
    import csv
    import io

    from jncli import credit_code

    def table(path: Path) -> list[list[str]]:
        return list(csv.reader(io.StringIO(path.read_text("utf-8"))))

    def w(path: Path, rows: list[list[str]]) -> Path:
        path.write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
        return path

    lines: list[str] = []
    records = table(SAMPLES / "records.csv")
    bad = records[1][0][:-1] + ("Y" if records[1][0][-1] != "Y" else "X")
    eq = w(
        tmp_path / "r.csv",
        [records[0], *[[f'="{r[0]}"', *r[1:]] for r in records[1:]], [bad, "违法违规", "2023-08-01", ""]],
    )
    got = zh_err(
        jncli, "whitelist", SAMPLES / "candidates.csv", "--records", eq, "--as-of", "2023-12-31", cwd=tmp_path, code=0
    )
    assert any(f'credit_code（credit_code）列：{len(records) - 1} 个编号写作 ="…"（Excel 文本公式）' in x for x in got)
    assert any(
        f"条记录的统一社会信用代码不是有效代码（GB 32100-2015），无法对应任何候选企业（{eq} 第" in x for x in got
    )
    lines += got
    honours = w(
        tmp_path / "h.csv",
        [
            ["序号", "统一社会信用代码", "企业名称", "称号", "认定日期"],
            ["1", records[1][0], "某公司", "示范企业", "2023-06-30"],
        ],
    )
    got = zh_err(
        jncli,
        "whitelist",
        SAMPLES / "candidates.csv",
        "--records",
        honours,
        "--as-of",
        "2023-12-31",
        cwd=tmp_path,
        code=0,
    )
    assert any("违规记录表没有记录类型列（记录类型、类型等），且表头 序号, 企业名称, 称号 未被读取" in x for x in got)
    lines += got
    ents = table(SAMPLES / "enterprises.csv")
    other = credit_code.make("913708116KA4B88TX")
    two = w(
        tmp_path / "e.csv",
        [*ents, [other, "任城泉聚商贸有限公司", "任城区", "2023", "是", "是", "6000", "", "", "", "否"]],
    )
    got = zh_err(jncli, "award-enterprises", two, cwd=tmp_path, code=0)
    assert any(
        f"任城区的“任城泉聚商贸有限公司”2023年度有两个统一社会信用代码，913708116KA4B88TYK和{other}" in x for x in got
    )
    lines += got
    for name, add, code, said in (
        (
            "lock",
            ("~$enterprises.xlsx", b"\x07Analyst\x00"),
            0,
            "~$enterprises.xlsx：已忽略（Excel 锁定文件（工作簿打开时留下），不是表格）",
        ),
        (
            "records",
            ("h.csv", honours.read_bytes()),
            1,
            "h.csv：其列符合违规记录表（统一社会信用代码和日期），但没有记录类型列",
        ),
        (
            "record code",
            ("records.csv", w(tmp_path / "rr.csv", [*records, [bad, "违法违规", "2023-08-01", ""]]).read_bytes()),
            1,
            "records.csv 第11行，credit_code列：" + repr(bad) + " 不是有效的统一社会信用代码",
        ),
        ("two codes", ("enterprises.csv", two.read_bytes()), 1, f"913708116KA4B88TYK和{other}：该企业会获得两次奖励"),
    ):
        data = tmp_path / name
        shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns("*.md", "*.sh"))
        (data / add[0]).write_bytes(add[1])
        got = zh_err(
            jncli, "annual", data, "--year", "2023", *GROWTH, "-o", tmp_path / f"o-{name}", cwd=tmp_path, code=code
        )
        assert any(said in x for x in got), (name, got)
        lines += got
    check(lines, "ids and folder files")


def test_verify_says_each_status_in_chinese_and_keeps_the_status_words(jncli, tmp_path):
    # `未通过核验：1 differs` and the English `detail` column were the Chinese interface's verify
    import csv
    import hashlib
    import io

    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns("*.md", "*.sh"))
    out = tmp_path / "out" / "2023"
    assert jncli(*map(str, ("annual", data, "--year", "2023", *GROWTH, "-o", out)), cwd=tmp_path).returncode == 0

    def verify(code: int) -> tuple[dict[str, tuple[str, str]], list[str]]:
        proc = jncli("verify", str(out), cwd=tmp_path, env=ZH, text=True)
        assert proc.returncode == code, proc.stderr
        rows = list(csv.DictReader(io.StringIO(proc.stdout)))
        assert list(rows[0]) == ["kind", "file", "status", "detail"]  # a pipe keeps the machine names
        check([r["detail"] for r in rows], "verify's detail column")
        return {r["file"]: (r["status"], r["detail"]) for r in rows}, proc.stderr.splitlines()

    ledger = out / "ledger.csv"
    ledger.write_bytes(ledger.read_bytes().replace(b",40,awarded,", b",45,awarded,", 1))
    rows, err = verify(1)
    assert rows["ledger.csv"] == (
        "differs",
        "OUT_DIR 中的该文件在运行之后被改动过（其 sha256 与运行清单中的记录不一致）",
    )
    assert err[-1] == "jncli verify: 未通过核验：1 个文件不一致"

    # the re-run's answers: other bytes than recorded, a file it does not write, one it writes unrecorded
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    outputs = manifest["outputs"]
    for o in outputs:
        if o["file"] == "ledger.csv":
            o["sha256"] = hashlib.sha256(ledger.read_bytes()).hexdigest()  # as if the run had written it so
    (out / "ghost.csv").write_text("x\n", encoding="utf-8")
    outputs.append({"file": "ghost.csv", "sha256": hashlib.sha256(b"x\n").hexdigest()})
    manifest["outputs"] = [o for o in outputs if o["file"] != "check-validity.csv"]
    (out / "check-validity.csv").unlink()
    (out / "notes.txt").write_text("", encoding="utf-8")
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    rows, err = verify(1)
    assert rows["ledger.csv"] == ("differs", "重新运行得到的字节不同（输入文件、政策或软件有变化？）")
    assert rows["ghost.csv"] == ("differs", "重新运行没有生成该文件")
    assert rows["check-validity.csv"] == ("differs", "重新运行生成了该文件，原运行没有")
    assert rows["notes.txt"] == ("extra", "不是该次运行写出的文件")
    assert err[-1] == "jncli verify: 未通过核验：3 个文件不一致"
    check(err, "verify")

    # an output gone, an input changed, an input gone: the year is not re-run
    (out / "report.html").unlink()
    with (data / "shops.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    (data / "counties.csv").unlink()
    rows, err = verify(1)
    assert rows["report.html"] == ("missing", f"{out} 中没有 report.html")
    assert rows["shops.csv"][0] == "changed" and re.fullmatch(r"sha256 \w{12}… ≠ 记录的 \w{12}…", rows["shops.csv"][1])
    assert rows["counties.csv"] == ("missing", f"找不到 {data / 'counties.csv'}")
    assert rows["score-counties.csv"] == ("unverified", "无法重新运行：输入文件或政策文件已改变")
    assert err[-1].startswith("jncli verify: 未通过核验：") and "个文件未核验" in err[-1], err
    check(err, "verify")
    (data / "shops.csv").write_bytes((SAMPLES / "shops.csv").read_bytes())
    rows, err = verify(1)
    assert rows["score-counties.csv"] == ("unverified", "无法重新运行：缺少输入文件")
    # a path the run read elsewhere, missing: the line names the option that gives it
    from jncli.messages import tr

    line = "/srv/p.toml not found (give it with `jncli verify OUT_DIR --prior LEDGER`)"
    assert tr(line, "zh") == "找不到 /srv/p.toml（请用 `jncli verify OUT_DIR --prior LEDGER` 给出）"
    assert tr("/srv/x not found", "zh") == "找不到 /srv/x"


# Broken TOML as an analyst edits a `--policy` file or DATA/inputs.toml: tomllib's words are passed on inside
# jncli's line (one case per kind of mistake; an error tomllib words differently fails here).
BROKEN_TOML = [
    "a 1\n",  # Expected '=' after a key
    "a = [1,\n",  # Invalid value (at end of document)
    'a = "x\n',  # Illegal character '\n'
    "a = 1\na = 2\n",  # Cannot overwrite a value
    "[t]\n[t]\n",  # Cannot declare ('t',) twice
    "[t\n",  # Expected ']' at the end of a table declaration
    "[[t]\n",  # Expected ']]' at the end of an array declaration
    "a = 1 b = 2\n",  # Expected newline or end of document after a statement
    "a = 2023-13-01\n",  # Invalid date or datetime
    'a = "\\q"\n',  # Unescaped '\' in a string
    'a = "\\uD800"\n',  # Escaped character is not a Unicode scalar value
    "a = {b = 1, b = 2}\n",  # Duplicate inline table key
    "a = {b = 1\n",  # Unclosed inline table
    "= 1\n",  # Invalid initial character for a key part
    "a = [1, 2\n",  # Unclosed array
    "a = 0xZ\n",  # Invalid value
    "a = 1\n[a.b]\n",  # Cannot mutate immutable namespace / overwrite
    "a = '''x\n",  # Unterminated string
]


def test_a_broken_policy_file_is_named_in_chinese(jncli, tmp_path):
    import tomllib

    from jncli.messages import tr

    for text in BROKEN_TOML:
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            line = tr(f"policy file p.toml is not valid TOML: {e}", "zh")
        else:
            raise AssertionError(f"{text!r} is valid TOML")
        assert line.startswith("政策文件 p.toml 不是有效的 TOML：") and not english_runs(line), (text, line)
    (tmp_path / "p.toml").write_text("a 1\n", "utf-8")
    proc = jncli("score-counties", str(SAMPLES / "counties.csv"), *GROWTH, "--policy", "p.toml", cwd=tmp_path, env=ZH)
    assert proc.returncode != 0 and proc.stdout == b""
    assert proc.stderr.decode() == (
        "jncli score-counties: 政策文件 p.toml 不是有效的 TOML：键之后缺少 '='（应写作 键 = 值）（第 1 行第 3 列）\n"
    )


def test_what_a_workbook_shows_that_its_cells_do_not_hold_is_said_in_chinese(jncli, tmp_path):
    # merged cells filled down (a note), merged over rows and columns, a formula never computed, an error
    # value (with `(and N more such cells: …)` put after it), hidden rows and columns (warnings)
    from test_sheet_facts import enterprises_workbook

    def formulas(ws, header):
        for r in (3, 4):
            ws.cell(r, 5).value = '=IF(1=1,"是","")'

    def errors(ws, header):
        ws.cell(3, 7).value, ws.cell(5, 5).value = "#N/A", "#REF!"

    def block(ws, header):
        ws.cell(6, 5).value = ws.cell(5, 6).value = ws.cell(6, 6).value = None
        ws.merge_cells("E5:F6")

    def hide(ws, header):
        ws.row_dimensions[7].hidden = True
        ws.column_dimensions["E"].hidden = True

    lines: list[str] = []
    enterprises_workbook(tmp_path / "m.xlsx", merge=("是否纳统",))
    lines += zh_err(jncli, "award-enterprises", "m.xlsx", cwd=tmp_path, code=0)
    for name, edit in (("f.xlsx", formulas), ("e.xlsx", errors), ("b.xlsx", block)):
        enterprises_workbook(tmp_path / name, edit=edit)
        lines += zh_err(jncli, "award-enterprises", name, cwd=tmp_path, code=1)
    enterprises_workbook(tmp_path / "h.xlsx", edit=hide)
    lines += zh_err(jncli, "award-enterprises", "h.xlsx", cwd=tmp_path, code=0)
    said = "\n".join(lines)
    for part in (
        "合并单元格已向下填充",
        "公式没有计算结果",
        "另有 1 个这样的单元格",
        "是错误值 #N/A",
        "跨多行多列合并",
        "在 Excel 中被隐藏",
    ):
        assert part in said, part
    check(lines, "workbook facts")
