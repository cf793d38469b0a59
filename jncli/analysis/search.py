"""The search for an award boundary, proven by the rule: the smallest increase that raises an award, the
largest decrease that keeps it, in whole steps (0.01 万元, or one shop).

A search is a generator: it yields the number of steps n it wants the rule to be asked about, and is sent
back the rule's answer (does the award rise at value + n·step? / is it kept at value − n·step?). So the
same search runs one question at a time (`run`) or in rounds with many other searches, each round one
run of the rule over every entity at once (`run_rounds`: enterprises do not affect each other).

Each search starts from a guess (from the structure of the rule: the next tier's threshold, a model of
the ranking), and ends only with a proof by the rule on both sides of the boundary: at n the award
rises and at n − 1 it does not (n − 1 = 0 is the input itself). A wrong guess costs questions, never a
wrong answer: the search gallops away from it and bisects. The answer is the smallest such n when the
award does not fall as the value grows (true of every measure but, in rare constellations, measure 1
under --reassign: docs/score-counties.md).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Hashable, Iterable, Sequence
from typing import Any

Search = Generator[int, bool, "int | None"]


def _ask(known: dict[int, bool], n: int) -> Generator[int, bool, bool]:
    if n not in known:
        known[n] = yield n
    return known[n]


def search_up(cap: int, guess: int | None = None, candidates: Sequence[int] = ()) -> Search:
    """The smallest n in 1..cap at which the award rises, proven at n and n − 1; None when it does not
    rise at `cap` (the value beyond which nothing changes any more).

    `candidates` (ascending: e.g. the steps to each higher tier) are asked in order until one rises; else
    `guess` is asked and the search gallops up from it. The boundary is looked for right below the first
    point found rising, then bisected."""
    known: dict[int, bool] = {0: False}
    if cap < 1:
        return None
    lo, hi, near_hi = 0, None, False  # the answer lies in (lo, hi]: not rising at lo, rising at hi
    for n in sorted({c for c in candidates if 1 <= c <= cap}):
        if (yield from _ask(known, n)):
            hi, near_hi = n, True
            break
        lo = n
    if hi is None and guess is not None and lo < guess <= cap:
        if (yield from _ask(known, guess)):
            hi, near_hi = guess, True
        else:
            lo, step = guess, 1
            while guess + step < cap:
                n = guess + step
                if (yield from _ask(known, n)):
                    hi = n
                    break
                lo, step = n, step * 2
    if hi is None:
        if not (yield from _ask(known, cap)):
            return None
        hi = cap
    step = 1
    while near_hi and hi - lo > 1:  # gallop down from hi until it does not rise
        n = max(hi - step, lo + 1)
        if not (yield from _ask(known, n)):
            lo = n
            break
        hi, step = n, step * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (yield from _ask(known, mid)):
            hi = mid
        else:
            lo = mid
    return hi


def search_down(cap: int, guess: int | None = None, candidates: Sequence[int] = ()) -> Search:
    """The largest n in 0..cap at which the award is kept, proven at n and n + 1 (n = cap: the value can
    fall no further, e.g. to 0); kept at 0 is the input itself.

    `candidates` (ascending) are asked in order until one loses the award; else `guess` is asked and the
    search gallops away from it. The boundary is looked for right above the last point found kept."""
    known: dict[int, bool] = {0: True}
    lo, hi, near_lo = 0, None, False  # the answer lies in [lo, hi): kept at lo, lost at hi
    for n in sorted({c for c in candidates if 1 <= c <= cap}):
        if not (yield from _ask(known, n)):
            hi, near_lo = n, lo > 0
            break
        lo = n
    if hi is None and lo == cap:
        return cap
    if hi is None and guess is not None and lo < guess <= cap:
        if (yield from _ask(known, guess)):
            lo, near_lo = guess, True
        else:
            hi, step = guess, 1
            while guess - step > lo:  # gallop down until it is kept
                n = guess - step
                if (yield from _ask(known, n)):
                    lo = n
                    break
                hi, step = n, step * 2
    if hi is None and not near_lo:
        if (yield from _ask(known, cap)):
            return cap
        hi = cap
    step = 1
    while near_lo and (hi is None or hi - lo > 1):  # gallop up from lo until it is lost
        n = lo + step if hi is None else min(lo + step, hi - 1)
        if n > cap:
            if (yield from _ask(known, cap)):
                return cap
            hi = cap
            break
        if not (yield from _ask(known, n)):
            hi = n
            break
        lo, step = n, step * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (yield from _ask(known, mid)):
            lo = mid
        else:
            hi = mid
    return lo


def run(search: Search, answer: Callable[[int], bool]) -> int | None:
    """Run one search to its end, asking `answer(n)` each question."""
    try:
        n = next(search)
        while True:
            n = search.send(answer(n))
    except StopIteration as done:
        return done.value


def run_rounds(
    tasks: Iterable[tuple[Hashable, Hashable, Search]],
    answer_round: Callable[[list[tuple[Hashable, int]]], list[bool]],
) -> dict[Hashable, Any]:
    """Run many searches in rounds. `tasks`: (group, task id, search); the searches of one group (one
    enterprise: its value is one number) run one after another, those of different groups side by side.
    Each round `answer_round` gets one question (task id, n) per group and answers them all at once (one
    run of the rule). Returns task id → result."""
    queues: dict[Hashable, list[tuple[Hashable, Search]]] = {}
    for group, task, search in tasks:
        queues.setdefault(group, []).append((task, search))
    results: dict[Hashable, Any] = {}
    pending: dict[Hashable, int] = {}  # group → the question its current search asks

    def start(group: Hashable) -> None:
        while queues[group]:
            task, search = queues[group][0]
            try:
                pending[group] = next(search)
                return
            except StopIteration as done:
                results[task] = done.value
                queues[group].pop(0)

    for group in list(queues):
        start(group)
    while pending:
        groups = list(pending)
        answers = answer_round([(queues[g][0][0], pending[g]) for g in groups])
        for group, yes in zip(groups, answers):
            task, search = queues[group][0]
            try:
                pending[group] = search.send(yes)
            except StopIteration as done:
                results[task] = done.value
                queues[group].pop(0)
                del pending[group]
                start(group)
    return results
