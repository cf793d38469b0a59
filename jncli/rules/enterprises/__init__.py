"""Measures 2, 3 and 6: awards to enterprises and parks (`jncli award-enterprises`), RULES.md §2.

第二条 培育电商龙头企业 — 面向在济宁市开展电商经营活动且纳入统计部门“企业一套表”法人库的商贸流通企业，
2022年度通过公共网络交易平台实现实物商品网络零售额达到1000万元以上（含1000万元）的，给予最高5万元的
一次性奖励。对2023年度实现实物商品网络零售额达到5000万元、1亿元、2亿元的电商企业，分别给予最高10万元、
20万元、30万元的一次性奖励。……对于取得数字商务企业、电子商务示范企业等国家级示范项目称号的，市财政给予
最高50万元的一次性奖励。……对于新培育实物商品网络零售额过亿元电商企业1家以上或者过5000万元电商企业3家以上
的县（市、区）予以通报表扬。
  (Article 2: 纳统 trade enterprises get up to 5 万元 for 2022 online retail ≥ 1000 万元; 2023 tiers
  5000/10000/20000 万元 → up to 10/20/30; a national title → up to 50; counties that newly cultivate
  one ≥ 1亿 or three ≥ 5000万 enterprises are commended.)

第三条 吸引电商大企业落户 — 政策施行期内，对该纳统的法人企业产生的新增财力省级不再分成部分，由企业所在
县（市、区）财政按一定比例给予一次性奖励。
  (Article 3: the county pays a share of the new fiscal revenue of a 纳统 legal entity.)

第六条 提升完善电商产业园区生态 — 对于取得国家级电子商务示范基地称号的电商园区（基地），市财政给予50万元的
一次性奖励。
  (Article 6: a national e-commerce demonstration base gets a fixed 50 万元.)

以上奖励政策按就高原则执行，不重复享受。
  (Only the highest award of an entity is paid; across years only the top-up over what was received.)

Every number (thresholds, amounts, title lists, precedence, which rules scale under a budget,
decimals, ratio range, policy years) comes from the `Policy` object. Money is computed exactly in
integer micro-万元 (the 6 decimals of the conformed money dtype) and returned as Decimal(38, 6)
values with at most `award_decimals` decimals. Per-row conditions are vectorised polars; the per-entity
top-up across years is a cumulative max-plus recurrence, also vectorised (see `topup._topup`).

The sections, one module each: `common` (rule ids, sentences, money, the input), `rows` (the rule rows
of each article), `topup` (就高, the top-up across years, the budget), `award` (award_enterprises and
its `basis`), `commend` (m2.commend, the county commendations).
"""

from __future__ import annotations

from jncli.rules.enterprises.award import award_enterprises
from jncli.rules.enterprises.commend import commendations

__all__ = ["award_enterprises", "commendations"]
