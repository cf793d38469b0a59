"""Chinese of the policy file's checks (`jncli/policy/check.py`, `read.py`): what an edited copy of the file
gets wrong, and the hint to fix it. English template (as in the source, placeholders verbatim) → Chinese.

See jncli/messages/__init__.py; tests/test_messages.py checks that every message is here."""

from __future__ import annotations

POLICY: dict[str, str] = {
    # the money unit (review 16, F2)
    "is {shown(unit)}: jncli reads every amount, cap and threshold of a policy file in 万元": "为 {shown(unit)}：jncli 按万元读取政策文件中的所有金额、上限和门槛",
    'write the amounts in 万元 (5 万元 is 5, not 50000) and keep money_unit = "万元"': '请以万元填写金额（5万元写作 5，而不是 50000），并保留 money_unit = "万元"',
    "is a money unit outside [meta]: the file has one unit, 万元, for every amount": "是 [meta] 之外的金额单位：政策文件所有金额只用一个单位，即万元",
    "remove it, and write this table's amounts in 万元": "请删去该键，并以万元填写此表中的金额",
    # amounts and caps, thresholds that look like 元 (F2), m1.awards in order (F8)
    "pays rank {i + 2} {lower}, more than rank {i + 1}'s {higher}: a higher rank must not get less": "第{i + 2}名奖励 {lower}，多于第{i + 1}名的 {higher}：名次较高的奖励不得更少",
    "list the amounts from rank 1 down, as the text does (分别给予……)": "请按名次从第1名起依次列出金额，与原文一致（分别给予……）",
    "pays {amount} 万元, above the cap of {rule_id} under [rules] ({cap} 万元)": "奖励 {amount} 万元，高于 [rules] 中 {rule_id} 的上限（{cap} 万元）",
    'the amounts are in 万元: lower it, or raise rules."{rule_id}".cap if the text allows more': '金额以万元计：请调低该金额；如政策原文允许更多，请调高 rules."{rule_id}".cap',
    "is {_plain(value)} 万元, at or above {_plain(Decimal(str(high)))} 万元, which no enterprise's figure reaches (the same bound reads such a figure in the data as 元)": "为 {_plain(value)} 万元，达到或超过 {_plain(Decimal(str(high)))} 万元，任何企业的数据都达不到（数据中这样的数值按同一界限会被视为以元为单位）",
    "the policy's money is in 万元: {_plain(value)} 元 is written {_plain(value * per_yuan)}": "政策文件的金额以万元计：{_plain(value)} 元应写作 {_plain(value * per_yuan)}",
    # the weights (F3): the policy file's and --weights
    "and m1.weight_growth ({_plain(scale)}, {_plain(growth)}): {problem[0]}": "与 m1.weight_growth（{_plain(scale)}、{_plain(growth)}）：{problem[0]}",
    "--weights {text}: {problem[0]}": "--weights {text}：{problem[0]}",
    "the weights {w[0]},{w[1]}: {problem[0]}": "权重 {w[0]},{w[1]}：{problem[0]}",
    "the weights must be two finite numbers, not {w[0]},{w[1]}": "权重须为两个有限的数，而不是 {w[0]},{w[1]}",
    "a weight is below 0: each is a fraction from 0 to 1": "有权重小于 0：每个权重都应是 0 到 1 之间的小数",
    "e.g. 0.6,0.4 (scale, growth), the two summing to 1": "例如 0.6,0.4（规模、增幅），两者之和为 1",
    "they look like percentages: each weight is a fraction from 0 to 1": "看起来是百分数：每个权重都应是 0 到 1 之间的小数",
    "{pair}: write both as fractions, e.g. {_plain(scale / 100)},{_plain(growth / 100)}": "{pair}：请把两者都写成小数，例如 {_plain(scale / 100)},{_plain(growth / 100)}",
    "one is a fraction and the other a percentage: each weight is a fraction from 0 to 1": "一个是小数，另一个是百分数：每个权重都应是 0 到 1 之间的小数",
    "{pair}: write both as fractions, e.g. {fractions[0]},{fractions[1]}": "{pair}：请把两者都写成小数，例如 {fractions[0]},{fractions[1]}",
    "they sum to {_plain(scale + growth)}, not 1": "两者之和为 {_plain(scale + growth)}，而不是 1",
    "the growth weight is 1 − the scale weight: e.g. {_plain(scale)},{_plain(1 - scale)}": "增幅权重等于 1 减规模权重：例如 {_plain(scale)},{_plain(1 - scale)}",
    # lists that name a fixed set once (F4, F9), one title one rule (F5)
    "{what}: it must list each of {', '.join(map(repr, known))} exactly once": "{what}：须把 {', '.join(map(repr, known))} 各列出恰好一次",
    "lacks {', '.join(map(repr, missing))}": "缺少 {', '.join(map(repr, missing))}",
    "is {list(listed)}": "为 {list(listed)}",
    "reorder the list if you mean another order; leave none out and add none": "如需另一种顺序，请调整列表顺序；不要遗漏，也不要增加",
    "list the rules whose award is up to (最高, up_to = true) and no other: --budget scales those": "请列出奖励为“最高”类（up_to = true）的规则，且只列这些：--budget 只缩放这些规则",
    "holds {title!r}, which m2.title.titles also holds: one title is paid by one rule": "含有 {title!r}，而 m2.title.titles 中也有：一个称号只能由一条规则奖励",
    "keep it under the rule whose clause names it (示范基地: m6.base), not under both": "请只保留在条文提到该称号的规则之下（示范基地：m6.base），不要两处都列",
    # years (F10, F11)
    "write the data year in full, with four digits": "请写出完整的四位数据年度",
    "is {published}, before the year {year} ended: a {year} average cannot have been published then": "为 {published}，早于 {year} 年结束：{year} 年的平均增幅不可能在那时发布",
    "is the figure the bulletin of the year before? key it under its own year, or give the date the {year} figure was published": "该数字是否来自上一年的统计公报？请把它写在其所属年度之下，或填写 {year} 年数字的发布日期",
    "holds {shown(y)}, not a year": "含有 {shown(y)}，不是年度",
    "write each data year as a bare integer: [2022, 2023]": "请把每个数据年度写成不带引号和单位的整数：[2022, 2023]",
    "is empty: measure 2's commendation needs at least one rule": "为空：第二条的通报表扬至少需要一条规则",
    "list at least one {{ threshold = …, count = … }} rule, as the shipped file does": "请像随附的政策文件那样，至少列出一条 {{ threshold = …, count = … }} 规则",
    # review 25: a rule's measure and payer (F4, F1), measure 1's scale (F2), the counties' names (F10), the
    # records window (F9), the person-id mask (F6)
    "is {rule.measure}, but the rule {rule.id} belongs to measure {named[1]} (its id names it): the ledger and the report would cite article {rule.measure}": "为 {rule.measure}，但规则 {rule.id} 属于第 {named[1]} 条（其编号已指明）：台账和报告将引用第 {rule.measure} 条",
    "write measure = {named[1]}: a rule's measure is the number its id starts with": "请写 measure = {named[1]}：规则所属的条即其编号开头的数字",
    "is 'none', but {rule.id} pays money ({why}): the report's per-budget tables would leave that money out": "为 'none'，但 {rule.id} 要发放奖励资金（{why}）：报告中按出资方分列的表会漏掉这笔资金",
    "it has no cap: its amount comes from the data": "该规则没有上限：金额由数据计算",
    "its cap is {rule.cap} 万元": "其上限为 {rule.cap} 万元",
    'write payer = "city" (市财政给予) or "county" (县（市、区）财政给予), as the article says': '请按条文写 payer = "city"（市财政给予）或 "county"（县（市、区）财政给予）',
    "is {rule.payer!r}, but {rule.id} pays no money (its cap is 0): the report would list it under a budget": "为 {rule.payer!r}，但 {rule.id} 不发放资金（上限为 0）：报告会把它列在某一级财政之下",
    'write payer = "none" (commendations, the whitelist: no money), or give the rule a cap above 0 if it pays money': '请写 payer = "none"（通报表扬、白名单：不涉及资金），如该规则发放资金，请写明大于 0 的上限',
    "is {_plain(Decimal(str(p.m1_normalise_to)))}: it must be at least {_plain(smallest)} (1 at the last of m1.score_decimals = {p.m1_score_decimals} places), or every score rounds to 0 and the tie-break alone decides the money": "为 {_plain(Decimal(str(p.m1_normalise_to)))}：须不小于 {_plain(smallest)}（m1.score_decimals = {p.m1_score_decimals} 位小数的最后一位上的 1），否则所有得分都舍入为 0，奖励资金只由并列时的排序规则决定",
    "the scale of the scores: the shipped file's 100 gives scores from 0 to 100": "这是得分的量程：随附政策文件的 100 使得分在 0 到 100 之间",
    "of {here} holds {name!r}, which {first} holds too (its {other_field!r}: {written!r}): a name may mean one county only": "位于{here}，含有 {name!r}，{first}也含有该名称（其 {other_field!r}：{written!r}）：一个名称只能指一个县（市、区）",
    "the {n}st [[counties]] entry ({name})": "第 {n} 个 [[counties]] 条目（{name}）",
    "the {n}nd [[counties]] entry ({name})": "第 {n} 个 [[counties]] 条目（{name}）",
    "the {n}rd [[counties]] entry ({name})": "第 {n} 个 [[counties]] 条目（{name}）",
    "the {n}th [[counties]] entry ({name})": "第 {n} 个 [[counties]] 条目（{name}）",
    "keep the name under the one county it means, and remove it from the other entry": "请只在该名称所指的县（市、区）下保留它，并从另一个条目中删去",
    "a window of 0 years reads no record, and every candidate with a record would be listed": "0 年的期限读不到任何记录，有记录的候选单位都会被列入名单",
    "the text requires no record (无违法违规和不良信用记录): the shipped file looks back 3 years": "原文要求无违法违规和不良信用记录：随附政策文件回溯 3 年",
    "and m8.mask_keep_last ({m8.mask_keep_first}, {m8.mask_keep_last}) hide {max(hidden, 0)} of an {PERSON_ID_LENGTH}-character person id: at least {MASK_HIDDEN_MIN} must be hidden, or the id can be worked out from what is shown and its check digit": "与 m8.mask_keep_last（{m8.mask_keep_first}、{m8.mask_keep_last}）只隐藏 {PERSON_ID_LENGTH} 位身份证号中的 {max(hidden, 0)} 位：至少须隐藏 {MASK_HIDDEN_MIN} 位，否则可由显示的部分和校验码推算出号码",
    "keep at most {PERSON_ID_LENGTH - MASK_HIDDEN_MIN} characters in all: the shipped file keeps 4 and 4": "显示的字符合计不超过 {PERSON_ID_LENGTH - MASK_HIDDEN_MIN} 个：随附政策文件显示前 4 位和后 4 位",
    "is {m8.mask_char!r}, a letter or a digit: a masked id would read as an id": "为 {m8.mask_char!r}，是字母或数字：脱敏后的号码看起来仍像一个号码",
    "use a sign such as '*'": "请使用符号，例如 '*'",
}
