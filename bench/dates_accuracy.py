"""Compare bot.dates.parse_when with raw dateparser on the labelled corpus.

Run from anywhere:  python bench/dates_accuracy.py [--all]
Prints both accuracies, their ratio, the entries parse_when gets wrong and, for dateparser, the
number of misses per form (--all lists them too). Not a test: nothing here fails the build.

dateparser is given what it needs to do its best: languages=["es"], a naive local RELATIVE_BASE
(an aware one can return None or UTC), PREFER_DATES_FROM="future" and DATE_ORDER="DMY". Its naive
result is read in the zone of `now`. A "same day" score is also shown for dateparser, since it
fills a missing time with the time of `now` rather than 08:00.
"""

from __future__ import annotations

import sys
import warnings
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import dateparser  # noqa: E402
import yaml  # noqa: E402

from bot.dates import parse_when  # noqa: E402

CORPUS_FILE = ROOT / "tests" / "data" / "dates_corpus.yml"


def load_corpus() -> list[dict]:
    entries = yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8"))["entries"]
    for entry in entries:
        entry["now"] = datetime.fromisoformat(entry["now"])
        entry["expected"] = entry["expected"] and datetime.fromisoformat(entry["expected"])
    return entries


def with_dateparser(text: str, now: datetime) -> datetime | None:
    settings = {
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = dateparser.parse(text, languages=["es"], settings=settings)
    if result is None:
        return None
    if result.tzinfo is None:
        return result.replace(tzinfo=now.tzinfo)
    return result.astimezone(now.tzinfo)


def score(parse, entries) -> tuple[int, int, list[tuple[dict, datetime | None]]]:
    """(exactly right, right calendar day, wrong entries with what was returned)."""
    right = same_day = 0
    wrong = []
    for entry in entries:
        got, expected = parse(entry["text"], entry["now"]), entry["expected"]
        if got == expected:
            right += 1
        else:
            wrong.append((entry, got))
        if got is not None and expected is not None and got.date() == expected.date():
            same_day += 1
        elif got is None and expected is None:
            same_day += 1
    return right, same_day, wrong


def show(value: datetime | None) -> str:
    return "None" if value is None else value.strftime("%Y-%m-%d %H:%M %z")


def print_wrong(wrong) -> None:
    for entry, got in wrong:
        print(
            f"    {entry['text']!r:42} now {show(entry['now'])}  "
            f"expected {show(entry['expected']):22} got {show(got)}"
        )


def main(argv: list[str]) -> None:
    entries = load_corpus()
    total = len(entries)
    ours, ours_day, ours_wrong = score(parse_when, entries)
    theirs, theirs_day, theirs_wrong = score(with_dateparser, entries)

    print(f"corpus: {total} entries from {CORPUS_FILE.relative_to(ROOT)}")
    print(f"parse_when : {ours}/{total} correct = {100 * ours / total:.1f}%")
    print(
        f"dateparser : {theirs}/{total} correct = {100 * theirs / total:.1f}%"
        f"   (right calendar day or right None: {theirs_day}/{total} = "
        f"{100 * theirs_day / total:.1f}%)"
    )
    ratio = f"{ours / theirs:.2f}x" if theirs else "inf (dateparser got none right)"
    print(f"ratio parse_when / dateparser: {ratio}")

    print(f"\nparse_when wrong: {len(ours_wrong)}")
    print_wrong(ours_wrong)

    print(f"\ndateparser wrong: {len(theirs_wrong)} (by form; --all to list them)")
    by_form = Counter(entry.get("form", "?") for entry, _ in theirs_wrong)
    in_form = Counter(entry.get("form", "?") for entry in entries)
    for form, count in sorted(in_form.items()):
        print(f"    {form:9} {by_form[form]:3}/{count}")
    if "--all" in argv:
        print_wrong(theirs_wrong)


if __name__ == "__main__":
    main(sys.argv[1:])
