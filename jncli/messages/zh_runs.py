"""Chinese of jncli's errors, warnings and notes added with the yearly run's later checks (ledger statuses, the
prior ledgers, measure 1's blanks and province averages, the reviews' fixes): English template (as in the source,
placeholders verbatim) → Chinese. Split from zh_more.py on its length, never on meaning.

See jncli/messages/__init__.py; tests/test_messages.py checks that every message is here or in the other tables."""

from __future__ import annotations

RUNS: dict[str, str] = {
    # a ledger's status (tableio/statuses.py)
    "{where}: {value!r} is not a status jncli writes ({known}, or their Chinese words: 获奖, 就高不重复 …), so what the row paid cannot be counted": "{where}：{value!r} 不是 jncli 使用的状态（{known}，或其中文：获奖、就高不重复等），无法计算该行已发放的金额",
    "write the row's status as jncli does (awarded / 获奖 for money paid), or pass the ledger jncli wrote": "请按 jncli 的写法填写该行状态（已发放的奖励写 awarded 或 获奖），或改用 jncli 写出的台账",
    # the prior ledgers checked before they say what was received (annual/priorcheck.py)
    "{where}: {v['kind']}: {v['message']} ({n} violations in the prior ledgers' rows of the earlier years): what was received before cannot be taken from them": "{where}：{v['kind']}：{v['message']}（往年台账中往年度的行共有{n}处问题）：无法据此确定此前已领取的金额",
    "{where}: {v['kind']}: {v['message']}: what was received before cannot be taken from the prior ledgers": "{where}：{v['kind']}：{v['message']}：无法据往年台账确定此前已领取的金额",
    "give each year's payments once: one ledger of what was paid per year (not the same rows in two files)": "每个年度的发放只给一次：每年一份已发放台账（同样的行不要出现在两个文件中）",
    "if the file's amounts are in 元, label the amount column with its unit (奖励金额(元)); otherwise pass the ledger of what was actually paid": "如该文件金额以元为单位，请在金额列的表头注明单位（奖励金额(元)）；否则请给出实际发放的台账",
    "pass the ledger of what was actually paid (`jncli check-validity FILE` lists every violation)": "请给出实际发放的台账（`jncli check-validity FILE` 列出全部问题）",
    "write the unified social credit code as the earlier year's run wrote it in its ledger (the beneficiary_name column names the enterprise); a code column Excel saved as a number: format it as text and copy the codes again (`jncli check-validity FILE` lists every such row)": "按往年运行台账中的写法填写统一社会信用代码（beneficiary_name 列写明了企业）；代码列被 Excel 存成数字的：请把该列设为文本格式，重新复制代码（`jncli check-validity FILE` 列出全部此类行）",
    "only awarded rows carry money: write the status the payment had (awarded if it was paid), or 0 as the amount of a row that paid nothing (`jncli check-validity FILE` lists every such row)": "只有获奖（awarded）的行有奖励金额：请按该笔发放的实际情况填写状态（已发放的为 awarded），未发放的行金额填0（`jncli check-validity FILE` 列出全部此类行）",
    "write the year the award is for (the tier table's year in the policy file), not the year it was paid out (`jncli check-validity FILE` lists every such row)": "年份填奖励所属的年度（政策文件中该档次表的年度），而不是发放的年份（`jncli check-validity FILE` 列出全部此类行）",
    # a province average typed as a bare number (parse.py, policy/check.py: m1.province_growth_bare_limit)
    "{option_name} {text} would be {shown}%: write {text}% or {shown}% (a bare number at or beyond ±{bare_limit} is almost certainly a percentage written without %: policy m1.province_growth_bare_limit)": "{option_name} {text} 将被理解为 {shown}%：请写 {text}% 或 {shown}%（不带 % 的数绝对值达到 {bare_limit} 时，几乎可以肯定是漏写了 % 的百分数：见政策文件 m1.province_growth_bare_limit）",
    "is {written}, which would be {_percent(rate)}%: a fraction is meant (0.105 for 10.5%); a value at or beyond ±{limit} (m1.province_growth_bare_limit) is almost certainly a percentage written without %": "为 {written}，即 {_percent(rate)}%：此处应写小数（10.5% 写作 0.105）；绝对值达到 {limit}（m1.province_growth_bare_limit）的值几乎可以肯定是漏写了 % 的百分数",
    "must be above 0 and at most 1, not {limit}": "须大于 0 且不大于 1，而不是 {limit}",
    # an empty cell in a column measure 1 ranks on stops the yearly run (rules/counties/blanks.py)
    "fill the figure in (0 where the county truly had none)": "请补填数据（确实为零的填 0）",
    "fill the figure in (0 where the county truly had none): a not-applicable mark is read as empty, and only a development zone's rural figure can be not applicable ({only})": "请补填数据（确实为零的填 0）：“不适用”标记按空值读取，只有开发区的农村数据才可能不适用（{only}）",
    "add the county's row for that year (0 where it truly had none)": "请补上该县（市、区）当年的数据行（确实为零的填 0）",
    # a province average typed bare from m1.province_growth_bare_warn up (parse.check_province_rates)
    "{option} {text} is read as {shown}%; write {shown}% or {text}% to be explicit (a bare number from ±{bare_warn} up may be a percentage written without %: policy m1.province_growth_bare_warn)": "{option} {text} 按 {shown}% 读取；为明确起见请写 {shown}% 或 {text}%（不带 % 的数绝对值达到 {bare_warn} 时可能是漏写了 % 的百分数：见政策文件 m1.province_growth_bare_warn）",
    "must be above 0 and at most 1, not {warn}": "须大于 0 且不大于 1，而不是 {warn}",
    # review 14, finding 1: a month written as text 2023.1 (tableio.checks.text_months)
    "{where}: {value} may be January or October: Excel and WPS write the number 2023.10 as 2023.1 when they save a CSV": "{where}：{value} 可能是 1 月，也可能是 10 月：Excel 和 WPS 保存为 CSV 时会把数字 2023.10 写成 2023.1",
    "write the months as 2023-01 or 2023-10 (or 202301, 202310); a column that also holds a month written 2023.10 is read as text, its 2023.1 as January": "请把月份写成 2023-01 或 2023-10（或 202301、202310）；若同一列中还有写作 2023.10 的月份，该列按文本读取，其中的 2023.1 视为 1 月",
    # review 16, F1 / F11.4: --prior rows outside the policy period are not deducted; a two-digit year refused
    "{', '.join(files)}: {year} is evaluated without what was received in {c.year}: the prior ledger(s) {given} hold no {c.year} row of measures 2 and 6 (the years of their rows: {years}; the policy period: {period}), there is no verified earlier run OUT_DIR/../{c.year}, and no {c.year} rows in the enterprises table, so every {c.year} recipient would be paid its full {year} amount again": "{', '.join(files)}：评定 {year} 年时不知道 {c.year} 年已获得的奖励：往年台账 {given} 中没有第二条、第六条的 {c.year} 年行（其各行的年份：{years}；政策施行期：{period}），没有经核验的上次运行 OUT_DIR/../{c.year}，企业表中也没有 {c.year} 年的数据，因此 {c.year} 年的每个获奖企业都会按 {year} 年的全额再次获奖",
    "pass --prior with the {c.year} ledger of what was paid (its years written in full), or run {c.year} into OUT_DIR/../{c.year} first, or add the {c.year} rows to the enterprises table": "请用 --prior 给出 {c.year} 年已发放奖励的台账（年份写全四位），或先将 {c.year} 年计算到 OUT_DIR/../{c.year}，或在企业表中补充 {c.year} 年的数据",
    "{row_ref(r['_source'], r['_row'], 'year')}: {y} is not a year written in full ({short.height} such row(s) in the prior ledgers): what was paid in the policy period {period} cannot be taken from it": "{row_ref(r['_source'], r['_row'], 'year')}：{y} 不是写全的年份（往年台账中共{short.height}行如此）：无法据此得知政策施行期{period}年度内已发放的奖励",
    "write the year with four digits ({full}, not {two}), as jncli's ledgers have it": "请把年份写全四位（{full}，而不是 {two}），与 jncli 输出的台账一致",
    # review 17, F2 / F3: an awarded --prior row without a year, a --prior year after the policy period: refused
    "{row_ref(r['_source'], r['_row'], 'year')}: an awarded row without a year cannot be placed ({unplaced.height} such row(s) in the prior ledgers): what it paid would not be deducted in the policy period {period}": "{row_ref(r['_source'], r['_row'], 'year')}：获奖行没有年份，无法确定其所属年度（往年台账中共{unplaced.height}行如此）：其已发放的奖励将无法在政策施行期{period}年度内扣除",
    "fill the year in (the year the award was paid for), as jncli's ledgers have it": "请填写年份（该奖励所属的年度），与 jncli 输出的台账一致",
    "{row_ref(r['_source'], r['_row'], 'year')}: {r['year']} is after the policy period {period}: a typo? ({later.height} such row(s) in the prior ledgers): --prior is what was paid in an earlier year of the period, and a row dated after it would not be deducted": "{row_ref(r['_source'], r['_row'], 'year')}：{r['year']} 在政策施行期{period}年度之后：是否写错？（往年台账中共{later.height}行如此）：--prior 是政策施行期内往年已发放的台账，日期在其后的行将不会被扣除",
    "correct the year (the year the award was paid for), or leave out the rows that are not payments of this period": "请更正年份（该奖励所属的年度），或删去不属于本政策施行期发放的行",
    # review 19, F5 / F3: a hire with an empty training or date, or a training neither 院校 nor a code (rules/hires/unfilled.py)
    "fill it in (the training institution's 统一社会信用代码, or {college} for a college course; the dates of training and hiring), or remove the row of a hire not claimed": "请补填（培训机构的统一社会信用代码，院校“专业+实训”培训填“{college}”；培训日期和入职日期），不申报奖励的人员请删去该行",
    "fill it in (the training institution's 统一社会信用代码, or {college} for a college course; the dates of training and hiring), or remove the row of a hire not claimed: a not-applicable mark (—, 无 …) is read as empty": "请补填（培训机构的统一社会信用代码，院校“专业+实训”培训填“{college}”；培训日期和入职日期），不申报奖励的人员请删去该行：“不适用”标记（—、无……）按空值读取",
    "write the institution's 统一社会信用代码, or {college} for a college course": "请填写培训机构的统一社会信用代码，院校“专业+实训”培训填“{college}”",
    "write the institution's 统一社会信用代码, or {college} for a college course; the whitelist lists {names}": "请填写培训机构的统一社会信用代码，院校“专业+实训”培训填“{college}”；白名单中列有{names}",
    # review 23, F2: an input changed while the yearly run read it (annual/inputs.changed_while_read)
    "{name}: the file changed while the run read it (written, replaced or removed after it was first opened), so the SHA-256 the manifest would record is not of the bytes the outputs were computed from": "{name}：本次运行读取该文件期间，文件发生了变化（首次打开后被写入、替换或删除），清单（manifest）将记录的 SHA-256 并非计算结果所依据的文件内容",
    "nothing was written; run again when the file is complete (an export, a copy or a save still under way?)": "未写出任何结果；请在该文件完整后重新运行（是否仍在导出、复制或保存？）",
    # review 23, F4: a table for stdout when stdout is closed (tableio/writer._stdout_binary)
    "cannot write the table to stdout: it is closed": "无法把表格写到标准输出：标准输出已关闭",
    "give -o FILE, or leave stdout open": "请用 -o FILE 指定输出文件，或不要关闭标准输出",
    # a measure command whose warning cannot be written to stderr, its only record (errors.say)
    "cannot write a message to stderr ({why}): the command stops before its output, as stderr is the message's only record": "无法把提示信息写到标准错误输出（{why}）：命令在写出结果之前停止，因为标准错误输出是该信息唯一的记录",
    "it is closed": "已关闭",
    # compare: an annual folder's ledger written or replaced between its check and its reading (steps_ledger)
    "{path}: the file changed between its check against manifest.json and its reading": "{path}：该文件在与 manifest.json 核对之后、读取之前发生了变化",
    "run again when nothing writes the folder": "请在没有程序写入该文件夹时重新运行",
    # a two-row header's group cell naming a money unit (tableio/layout.py, conform.py; review 25)
    "{row_ref(table.source, upper[0])}: the group header {group!r} says {name}, but the header {low!r} under it says {_unit_name(own_key)}": "{row_ref(table.source, upper[0])}：分组表头 {group!r} 注明 {name}，而其下的表头 {low!r} 注明 {_unit_name(own_key)}",
    "correct the group header or the column's header: jncli does not guess which one is right": "请更正分组表头或该列表头：jncli 不会猜测哪一个是对的",
    "{name}: the group header {group[1]!r} (row {group[0]}) over {h!r} says {group[2]} but the unit row (row {table.unit_row[0]}) says {row_unit}": "{name}：{h!r} 之上的分组表头 {group[1]!r}（第 {group[0]} 行）注明 {group[2]}，而单位行（第 {table.unit_row[0]} 行）注明 {row_unit}",
    "correct the group header or the unit row: jncli does not guess which one is right": "请更正分组表头或单位行：jncli 不会猜测哪一个是对的",
    "unit {unit} of the group header {cell!r} (row {row}) applied to {', '.join(cols)}": "分组表头 {cell!r}（第 {row} 行）的单位 {unit} 适用于 {', '.join(cols)}",
    "{row_ref(table.source, upper[0])}: the header {group!r} says {unit}, but the unit {low!r} under it says {below}": "{row_ref(table.source, upper[0])}：表头 {group!r} 注明 {unit}，而其下的单位 {low!r} 注明 {below}",
    "correct the header or the unit under it: jncli does not guess which one is right": "请更正表头或其下的单位：jncli 不会猜测哪一个是对的",
    # the policy in force is not the shipped file (commands/__init__.py: review 25 F3)
    "policy: {chosen} (from {how}), not the shipped {DEFAULT_POLICY}": "政策文件：{chosen}（来自 {how}），不是随附的 {DEFAULT_POLICY}",
    # jncli policy --toml (commands/tables.py)
    "--toml writes the policy file as it is; it cannot go with {given}": "--toml 原样写出政策文件，不能与 {given} 同用",
    "policy file {chosen}: it changed while it was read": "政策文件 {chosen}：读取期间该文件发生了变化",
    "run again when nothing writes it": "请在没有程序写入该文件时重新运行",
    # a group cell that may not be over a money column, or names a money unit jncli does not read (review 26)
    "{name}: the group header {cell!r} (row {row}) is followed by empty cells not merged with it: jncli cannot tell whether {h!r} is under it": "{name}：分组表头 {cell!r}（第 {row} 行）之后是未与其合并的空单元格：jncli 无法判断 {h!r} 是否在该分组之下",
    "{name}: the group header {cell!r} (row {row}) over {h!r} names a money unit jncli does not read ({unit})": "{name}：{h!r} 之上的分组表头 {cell!r}（第 {row} 行）注明了 jncli 无法识别的金额单位（{unit}）",
    "write the money unit in the header of {h!r} itself (e.g. {h}(万元)); in XLSX, a group cell merged across exactly the columns it covers is read": "请在 {h!r} 本列的表头中写明金额单位（如 {h}(万元)）；XLSX 中，合并范围恰好覆盖其所属各列的分组表头可以读取",
    # which sheet of a workbook (tableio/excel.py), hidden sheets of the same table, --prior files in inputs.toml (review 28)
    "sheet {shown!r} read (#{target + 1} of {len(sheets)} sheets; chosen by {opts.sheet!r})": "已读取工作表 {shown!r}（共 {len(sheets)} 个工作表中的第 {target + 1} 个；按 {opts.sheet!r} 选定）",
    "{name}: the sheet chosen, {value!r}, could mean the sheet named {value!r} (#{named + 1}) or the sheet at position {value} (#{value}, {other!r})": "{name}：所选工作表 {value!r} 既可能指名为 {value!r} 的工作表（第 {named + 1} 个），也可能指第 {value} 个工作表（{other!r}）",
    "give the sheet by its position, --sheet '#{named + 1}' for {value!r} or --sheet '#{value}' for {other!r} (in inputs.toml sheet = {named + 1} or sheet = {value}, a number without quotes)": "请按位置指定工作表：{value!r} 用 --sheet '#{named + 1}'，{other!r} 用 --sheet '#{value}'（inputs.toml 中写 sheet = {named + 1} 或 sheet = {value}，数字不加引号）",
    "{name} has {len(sheets)} sheet(s); there is no sheet {value}": "{name} 有 {len(sheets)} 个工作表；没有第 {value} 个工作表",
    "{name} has no sheet named {value!r}": "{name} 没有名为 {value!r} 的工作表",
    "sheets: {listing}": "工作表：{listing}",
    "{name}: hidden sheet(s) {', '.join(alike)} hold a table with the same header as sheet {sheet!r}, the one read, and are not read (a sheet per county or per year? unhide them and put every row in one sheet, or choose the sheet with --sheet)": "{name}：隐藏的工作表 {', '.join(alike)} 中的表格与所读取的工作表 {sheet!r} 表头相同，但未被读取（每县或每年一个工作表？请取消隐藏并把所有行放在一个工作表中，或用 --sheet 指定工作表）",
    "{name}: hidden sheet(s) {', '.join(table.hidden_alike)} hold a table with the same header as sheet {table.sheet!r}, the one visible: parts or versions of one table, of which only one sheet would be read": "{name}：隐藏的工作表 {', '.join(table.hidden_alike)} 中的表格与唯一可见的工作表 {table.sheet!r} 表头相同：它们是同一张表的各部分或各版本，而只会读取其中一个工作表",
    'choose the sheet: sheet = "{table.sheet}" under [files."{name}"] in DATA/{INPUTS_TOML} (the hidden ones a template or an old version); only if they are parts of the table (a sheet per county or year), unhide them and put every row in one sheet': '请指定工作表：在 DATA/{INPUTS_TOML} 的 [files."{name}"] 下写 sheet = "{table.sheet}"（隐藏的是模板或旧版本时）；只有当隐藏的工作表是该表的各部分（每县或每年一个工作表）时，才取消隐藏并把所有行放在一个工作表中',
    'annual reads one sheet per file: name it with sheet = "NAME" under [files."{name}"] in DATA/{INPUTS_TOML}; or, a sheet per table, save each sheet as a file of its own in the data folder (jncli cat {name} --sheet NAME -o NAME.csv)': 'annual 每个文件只读一个工作表：请在 DATA/{INPUTS_TOML} 的 [files."{name}"] 下用 sheet = "NAME" 指定；如每张表各占一个工作表，请把每个工作表另存为数据文件夹中的单独文件（jncli cat {name} --sheet NAME -o NAME.csv）',
    'annual reads sheet, unit and encoding per file from DATA/{INPUTS_TOML} ([files."{name}"])': 'annual 按文件从 DATA/{INPUTS_TOML}（[files."{name}"]）读取工作表、单位和编码设置',
    '{where}: [files."{name}"] gives settings for a file given with {option}; files given with an option take no settings from {INPUTS_TOML}': '{where}：[files."{name}"] 为以 {option} 提供的文件给出了读取设置；以选项提供的文件不采用 {INPUTS_TOML} 中的设置',
    "delete the section; label a column's unit in its header (奖励金额(元)), save a workbook's sheet as a file of its own (jncli cat BOOK --sheet NAME -o NAME.csv), or leave the file out of the option": "请删除该节；列的单位请写在表头中（奖励金额(元)），工作簿中的工作表请另存为单独的文件（jncli cat BOOK --sheet NAME -o NAME.csv），或不再用该选项提供此文件",
    # a measure command's table without a column a rule of the run needs (tableio/unknown.py stop_missing)
    "{source}: the {schema_name} table has no column {shown}, and without it {rules} would award nothing; the header {like[0]!r} names no column: is it that column? rename the header; jncli does not guess": "{source}：{schema_name} 表中没有 {shown} 列，缺少该列，{rules} 将不发放任何奖励；表头 {like[0]!r} 不是任何一列：是否为该列？请改正表头；jncli 不做猜测",
    "{source}: the {schema_name} table has no column {shown}, and without it {rules} would award nothing": "{source}：{schema_name} 表中没有 {shown} 列，缺少该列，{rules} 将不发放任何奖励",
    "add the column (an empty column states that none is reported); see `jncli schema {schema_name}`": "请补充该列（该列为空表示均未报告）；见 `jncli schema {schema_name}`",
    # a title naming another year or a part of a year (tableio/titles.py, review 27 F1)
    "{where}: the title {text!r} names {named}, but the table has no year column and is read as {year}: the file contradicts the run": "{where}：标题 {text!r} 写明的年份是 {named}，但该表没有年份列，按 {year} 年读取：文件与本次运行的年度不符",
    "pass --year {said.years[0]} if the table is for {said.years[0]}, or use the table of {year}": "如该表是 {said.years[0]} 年的数据，请传入 --year {said.years[0]}；否则请使用 {year} 年的表",
    "{where}: the title {text!r} names {named}, beside a title naming {year}: the table is read as {year}; check that the file is the right one": "{where}：标题 {text!r} 写明的年份是 {named}，而另一标题行写明 {year} 年：该表按 {year} 年读取；请核对文件是否正确",
    "{where}: the title {text!r} names {named}, but the table's year column holds {own}: the rows are read by their year column; check that the file is the right one": "{where}：标题 {text!r} 写明的年份是 {named}，但该表年份列中为 {own}：各行按年份列读取；请核对文件是否正确",
    "{where}: the title {text!r} names a part of a year ({said.part}): the yearly run pays on the whole year's figures": "{where}：标题 {text!r} 写明的是部分年度（{said.part}）：年度运行须按全年数据发放奖励",
    "use the table of the whole year (1-12月, 全年)": "请使用全年（1-12月、全年）的表",
    "{where}: the title {text!r} names a part of a year ({said.part}): {command} reads its figures as the whole year's": "{where}：标题 {text!r} 写明的是部分年度（{said.part}）：{command} 将其数据当作全年数据读取",
    # a year cell that is a date (tableio/convert.py, review 27 F3)
    "{shown(raw)} is a date, not a year: write the year alone (2023), or format the cell to show only the year (yyyy)": "{shown(raw)} 是日期而非年份：请只填写年份（2023），或将单元格格式设为只显示年份（yyyy）",
    "{shown(raw)} is not a whole number": "{shown(raw)} 不是整数",
    "{shown(raw)} is not a number (money): its unit {unit.group(1)} is not the column's; write the number alone, in the column's unit": "{shown(raw)} 不是数字（金额）：其单位 {unit.group(1)} 与该列的单位不同；请只填写数字，并使用该列的单位",
    # a column a rule reads empty in every row; county cells left blank (tableio/blanks.py, hostile review 1 A2, A3)
    '{where}: the column {header} ({c}) {empty}: read so, every row would be "no" and measure {key} would decide without it': "{where}：{header}（{c}）列{empty}：若照此读取，每一行都将视为“否”，第 {key} 条措施将在没有该列数据的情况下作出决定",
    "{where}: the column {header} ({c}) {empty}: read so, every row would have none and measure {key} would decide without it": "{where}：{header}（{c}）列{empty}：若照此读取，每一行都将视为没有该项数据，第 {key} 条措施将在没有该列数据的情况下作出决定",
    "fill it in (e.g. 是/否 in each row), or pass --skip {key} if measure {key} is knowingly not run": "请补填该列（例如每行填写“是”或“否”）；如确定本年度不执行第 {key} 条措施，请加 --skip {key}",
    "fill it in (a value in each row), or pass --skip {key} if measure {key} is knowingly not run": "请补填该列（每行都要填写）；如确定本年度不执行第 {key} 条措施，请加 --skip {key}",
    '{where}: the column {header} ({c}) {empty}: every row is read as "no" (fill it in, e.g. 是/否 in each row, if that is not meant)': "{where}：{header}（{c}）列{empty}：每一行都按“否”读取（如非本意，请补填该列，例如每行填写“是”或“否”）",
    "{where}: the column {header} ({c}) {empty}: every row is read as having none (fill it in, a value in each row, if that is not meant)": "{where}：{header}（{c}）列{empty}：每一行都按没有该项数据读取（如非本意，请补填该列，每行都要填写）",
    # what the rows a column is read in hold (tableio/blanks.py `_empty`, hostile review 3 F1)
    "is empty in all {n} rows": "全部 {n} 行均为空",
    "holds no value in all {n} rows: each is blank or {marks}, a not-applicable mark read as none": "全部 {n} 行均无数值：每格为空或填写 {marks}（“不适用”标记，按无数据读取）",
    "is empty in all {n} rows where {gap.within_header} is yes (the rows it is read in)": "在{gap.within_header}为“是”的全部 {n} 行（即读取该列的行）中均为空",
    "holds no value in all {n} rows where {gap.within_header} is yes (the rows it is read in): each is blank or {marks}, a not-applicable mark read as none": "在{gap.within_header}为“是”的全部 {n} 行（即读取该列的行）中均无数值：每格为空或填写 {marks}（“不适用”标记，按无数据读取）",
    "is empty in all {n} rows where {gap.within_header} is filled (the rows it is read in)": "在{gap.within_header}已填写的全部 {n} 行（即读取该列的行）中均为空",
    "holds no value in all {n} rows where {gap.within_header} is filled (the rows it is read in): each is blank or {marks}, a not-applicable mark read as none": "在{gap.within_header}已填写的全部 {n} 行（即读取该列的行）中均无数值：每格为空或填写 {marks}（“不适用”标记，按无数据读取）",
    # several files of one kind read as one table (tableio/blanks.py `decide`, hostile review 3 F2)
    "{listed([t.source for t in tables])} (read as one table)": "{listed([t.source for t in tables])}（合并为一张表读取）",
    '{table.source}: the column {gap.header} ({gap.column}) {empty} (other files of the table fill it): its rows are read as "no" (fill it in if that is not meant)': "{table.source}：{gap.header}（{gap.column}）列{empty}（同类的其他文件填写了该列）：本文件各行按“否”读取（如非本意，请补填该列）",
    "{table.source}: the column {gap.header} ({gap.column}) {empty} (other files of the table fill it): its rows are read as having none (fill it in if that is not meant)": "{table.source}：{gap.header}（{gap.column}）列{empty}（同类的其他文件填写了该列）：本文件各行按没有该项数据读取（如非本意，请补填该列）",
    # a file whose county column is empty (the county in its title only; hostile review 3 F6)
    "{where}: the column {gap.header} (county) {empty}: read so, no row names its county and measure {gap.key} would find every row ineligible": "{where}：{gap.header}（county）列{empty}：若照此读取，没有一行写明所属县（市、区），第 {gap.key} 条措施将判定每一行均不符合条件",
    "write each row's county in the column (a file of one county, named in its title only, needs it in every row too: jncli does not read the county from a title)": "请在该列每一行填写所属县（市、区）（只有一个县（市、区）的文件，即使标题中已写明县名，也须在每一行填写：jncli 不从标题读取县（市、区））",
    "{where}: the column {gap.header} (county) {empty}: no row names its county, and every row is ineligible (write each row's county in the column if that is not meant)": "{where}：{gap.header}（county）列{empty}：没有一行写明所属县（市、区），每一行均不符合条件（如非本意，请在该列每一行填写所属县（市、区））",
    "{table.source}: {len(blank)} row(s) have no county (blank) and each follows a row naming one, in a table grouped by county: the county cells look merged in the sheet this was saved from (first: {first})": "{table.source}：有{len(blank)}行的县（市、区）为空，且都在填有县（市、区）的行之下，表格按县（市、区）分组排列：原表中的县（市、区）单元格看来是合并单元格（第一处：{first}）",
    "a sheet whose county cells are merged is read as .xlsx (a merged cell is read into each of its rows); in a CSV, fill the county down into every row": "县（市、区）单元格合并的表格请直接提供 .xlsx 文件（合并单元格的内容会读入其中每一行）；如用 CSV，请把县（市、区）向下填满每一行",
    "write each row's own county: a blank is not the county of the row above it": "请逐行填写各自所属的县（市、区）：空白单元格并不等于上一行的县（市、区）",
    "{len(blank)} row(s) have no county (blank): they name no county and are ineligible (first: {first}) ({hint})": "有{len(blank)}行的县（市、区）为空：这些行不属于任何县（市、区），不符合条件（第一处：{first}）（{hint}）",
    # a needed column without a value in every row of one year, the other years filling it (tableio/blanks.py, hostile review 4 A1, A2)
    '{where}: the column {gap.header} ({gap.column}) has no value in any of its {n} rows of {year} (the rows of other years fill it): read so, every {year} row would be read as "no" or none, and measure {gap.key} would decide {year} — and what was received in it — without it': "{where}：{gap.header}（{gap.column}）列在 {year} 年度的全部 {n} 行中均无数值（其他年度的行已填写）：若照此读取，{year} 年度的每一行都将视为“否”或无数据，第 {gap.key} 条措施将在没有该列数据的情况下评定 {year} 年度及其已领取金额",
    "fill it in for the {year} rows too (the same column for every year of the table)": "请为 {year} 年度的各行也填写该列（表中每个年度都要填写同一列）",
    '{where}: the column {gap.header} ({gap.column}) has no value in any of its {n} rows of {year} (the rows of other years fill it): those rows are read as "no" or none (fill it in if that is not meant)': "{where}：{gap.header}（{gap.column}）列在 {year} 年度的全部 {n} 行中均无数值（其他年度的行已填写）：这些行按“否”或无数据读取（如非本意，请补填该列）",
    # a table read as the run's year that names no year (steps.py, hostile review 1 A11)
    "{t.source}: the table has no year column and no title naming a year: its figures are taken as {year}'s (本年 {year}, 上年同期 {year - 1}); check that the sheet is {year}'s": "{t.source}：该表没有年份列，标题也未写明年份：表中数据按 {year} 年读取（本年为 {year} 年，上年同期为 {year - 1} 年）；请核对该表确为 {year} 年的数据",
    # fx5: a --prior ledger of an earlier year that covers some counties only (annual/received.py check_partial)
    "--prior {files}: {year} is evaluated with a {y} record of part of the city only: its {y} rows of measures 2 and 6 name enterprises of {covered} but none of {uncovered}, whose {y} is in no --prior row and no {y} row of the enterprises table, so each would be paid its full {year} amount as having received nothing in {y}": "--prior {files}：评定 {year} 年时所依据的 {y} 年台账只是全市的一部分：其第二条、第六条的 {y} 年行涉及{covered}的企业，但没有{uncovered}的企业；这些企业的 {y} 年既不在任何 --prior 行中，企业表中也没有其 {y} 年的数据，因此每家都会被视为 {y} 年未领取任何奖励，按 {year} 年的全额发放",
    "give every county's {y} ledger (repeat --prior) or the whole city's; if those counties' enterprises really received nothing under measures 2 and 6 in {y}, run with --prior-complete (recorded in the manifest)": "请提供各县（市、区）{y} 年的台账（重复 --prior），或全市的台账；如这些县（市、区）的企业 {y} 年确实未领取第二条、第六条的奖励，请加 --prior-complete 运行（该选项记入 manifest）",
    "{county} ({n} enterprise(s): {', '.join(first)}{more})": "{county}（{n}家：{', '.join(first)}{more}）",
    "--prior-complete says the --prior ledgers are the whole record of their years: give --prior": "--prior-complete 表示 --prior 台账是其所涉年度的完整记录：请同时给出 --prior",
    # two-row headers naming years as qualifiers, and unknown qualifiers (hostile review 3, F4)
    "{row_ref(table.source, row)}: the header cell {cell!r} names {year}, but the latest year under the groups is {latest}: jncli reads a group's figure of {latest} (本年) and of {latest - 1} (上年) only": "{row_ref(table.source, row)}：表头单元格 {cell!r} 写的是 {year} 年，而各分组下最新的年份是 {latest} 年：jncli 只读取各分组 {latest} 年（本年）和 {latest - 1} 年（上年）的数据",
    "leave out the columns of {year}, or give the table of {latest} and {latest - 1} only": "请删去 {year} 年的各列，或提供只含 {latest} 年和 {latest - 1} 年数据的表",
    "header: row {row} names years as qualifiers ({shown}): {latest} is read as 本年, {latest - 1} as 上年": "表头：第 {row} 行以年份作限定词（{shown}）：{latest} 年读作本年，{latest - 1} 年读作上年",
    "{row_ref(table.source, rows[1])}: the cells under the group header {g!r} (row {rows[0]}) give no figure of the year jncli can read (unknown qualifier: {cells})": "{row_ref(table.source, rows[1])}：分组表头 {g!r}（第 {rows[0]} 行）下的各列中没有 jncli 能读取的本年数据（无法识别的限定词：{cells}）",
    "write the qualifier as one jncli reads ({known_words}; 同比增长; a year: 2023年, 2023年1-12月)": "请将限定词改为 jncli 能识别的写法（{known_words}；同比增长；或年份：2023年、2023年1-12月）",
    "{where}: the header cell {cell!r} names {latest} as the table's latest year, but the run is for {year}: its figures would be read as {year}'s": "{where}：表头单元格 {cell!r} 表明该表最新的年份是 {latest} 年，而本次运行的年度是 {year} 年：表中数据会被当作 {year} 年的数据读取",
    "pass --year {latest} if the table is for {latest}, or use the table of {year}": "如该表是 {latest} 年的数据，请传入 --year {latest}；否则请使用 {year} 年的表",
    "{where}: the header cell {cell!r} names {latest}, but the table's year column holds {own}: the file contradicts itself": "{where}：表头单元格 {cell!r} 写的是 {latest} 年，而该表的年份列为 {own}：文件前后矛盾",
    "correct the year column or the header: jncli does not guess which one is right": "请更正年份列或表头：jncli 不会猜测哪一个是对的",
    "{where}: the header cell {cell!r} names {latest}, but the title {text!r} (row {n}) names {', '.join(map(str, named))}: the file contradicts itself": "{where}：表头单元格 {cell!r} 写的是 {latest} 年，而标题 {text!r}（第 {n} 行）写的是 {', '.join(map(str, named))} 年：文件前后矛盾",
    "correct the title or the header: jncli does not guess which one is right": "请更正标题或表头：jncli 不会猜测哪一个是对的",
    # hostile review 4, B2: one name in two counties; D1's earlier run (annual/codes.py, annual/earlier.py)
    "correct the code at the source (one enterprise has one unified social credit code); if they are two enterprises of different counties, add a county column (县市区) to {file}, or run beside the verified {then} run (OUT_DIR/../{then}), which has each enterprise's county": "请在源头更正代码（一家企业只有一个统一社会信用代码）；如确为不同县（市、区）的两家同名企业，请在 {file} 中增加“县市区”列，或在已核验的{then}年度运行（OUT_DIR/../{then}）旁运行（其中载有各企业的县（市、区））",
    "{now_at}: {h['name']!r} of {h['county']} has credit code {code} for {year}, but {then_at} paid it for {then} under {old} (the same name and county): as a new enterprise it would be paid again what it received for {then} ({n} such code change(s) in all)": "{now_at}：{h['county']}的 {h['name']!r} {year}年度的统一社会信用代码为{code}，但 {then_at} 以{old}向同一县（市、区）的同名企业发放了{then}年度奖励：该企业会被当作新企业，再次获得{then}年度已领取的奖励（共{n}处此类代码变更）",
    "{name}: not the table the earlier run's manifest.json records (missing or changed after that run), so the county and online retail of the enterprises it evaluated cannot be taken from it": "{name}：不是上年度运行的 manifest.json 所记录的表（缺失，或在该次运行后被改动），无法从中取得其所测算企业的县（市、区）和网络零售额",
    "restore that run's folder as it was written, or pass --prior with the ledger of what was paid in {year}": "请将该次运行的目录恢复为写出时的原样，或用 --prior 给出{year}年度实际发放的台账",
    # annual --trainers: the province's list of training institutions for measure 8 (hostile review 3, A5)
    "--trainers is read by measure 8 only, and --skip 8 skips it": "--trainers 只用于第八条，而 --skip 8 跳过了第八条",
    "--trainers: the run read no --trainers file (the manifest records none)": "--trainers：该次运行没有读取 --trainers 文件（运行清单中没有记录）",
    "leave --trainers out": "请去掉 --trainers",
}
