"""Score the analyzer against hand-labelled postings: `make eval`.

Usage: python -m jobboard.analysis.evaluation DIRECTORY [--verbose] [--show-held-out]

Reads every ``*.toml`` file of DIRECTORY (the format is described in its README.md) and prints
precision, recall and F1 for skills and the accuracy of the other fields. When DIRECTORY has a
``real/`` folder, its postings (real ones, from public sources) are scored as a set of their
own, against their own targets, overall, per split and per source; the postings of DIRECTORY
itself are the written set. ``--verbose`` lists each disagreement of the ``dev`` split, so a
change to the rules can be checked posting by posting; the ``held_out`` split stays unread
while tuning and its disagreements are only counted, unless ``--show-held-out`` is given.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jobboard.analysis.engine import Analysis, analyze
from jobboard.kit import money
from jobboard.places.gazetteer import fold
from jobboard.taxonomy.categorize import categorize_posting

# The year the labels were written in; "years of a technology" lint is not scored.
EVALUATION_YEAR = 2026
TARGETS = {"skill_f1": 0.85, "seniority": 0.85, "workplace": 0.9, "salary": 0.9}
# The goals for real postings (issue 17): the same fields, held higher, and the employer's
# own technology tags found where the text names them.
REAL_TARGETS = {
    "skill_f1": 0.90,
    "seniority": 0.90,
    "workplace": 0.95,
    "salary": 0.97,
    "tags": 0.90,
}
REAL_FOLDER = "real"
SPLITS = ("dev", "held_out")
_REQUIRED_KEYS = (
    "skills",
    "nice",
    "seniority",
    "min_years",
    "workplace",
    "salary",
    "employment_type",
)

SalaryKey = tuple[int | None, int | None, str, str]


class EvaluationDataError(ValueError):
    """A record of the evaluation set is malformed."""


@dataclass(frozen=True, slots=True)
class Expected:
    required: frozenset[str]
    nice: frozenset[str]
    seniority: str | None
    min_years: int | None
    skill_years: dict[str, int]
    workplace: str | None
    remote_regions: frozenset[str] | None
    salary: SalaryKey | None
    employment_type: str | None
    places: tuple[str, ...] | None = None
    category: str | None = None
    tags: frozenset[str] = frozenset()
    # Whether the record is labelled with its category (None then means "no software role").
    has_category: bool = False


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    title: str
    description: str
    expected: Expected
    source: str = "written"
    split: str = "dev"


@dataclass(slots=True)
class Report:
    postings: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    required_right: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    mistakes: list[str] = field(default_factory=list)
    split_of: dict[str, str] = field(default_factory=dict)  # mistake text -> its record's split

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def accuracy(self, name: str) -> float:
        total = self.totals.get(name, 0)
        return self.counts.get(name, 0) / total if total else 1.0

    def score(self, name: str, right: bool) -> None:
        self.totals[name] = self.totals.get(name, 0) + 1
        self.counts[name] = self.counts.get(name, 0) + int(right)

    @property
    def figures(self) -> dict[str, float]:
        return {
            "skill_precision": self.precision,
            "skill_recall": self.recall,
            "skill_f1": self.f1,
            "skill_required_flag": self.required_right / self.true_positives
            if self.true_positives
            else 1.0,
            "tags": self.accuracy("tags"),
            **{name: self.accuracy(name) for name in sorted(self.totals)},
        }


def _none(value: Any) -> Any:
    return None if value == "none" else value


def _salary(raw: Any, where: str) -> SalaryKey | None:
    if raw == "none":
        return None
    if not isinstance(raw, dict) or raw.get("currency") not in money.CURRENCY_EXPONENT:
        raise EvaluationDataError(f"{where}: salary needs min/max, a known currency and a period")
    exponent = money.CURRENCY_EXPONENT[raw["currency"]]

    def minor(value: Any) -> int | None:
        if value is None:
            return None
        return int(Decimal(str(value)) * (10**exponent))

    return (minor(raw.get("min")), minor(raw.get("max")), raw["currency"], raw["period"])


def load(directory: Path) -> list[Record]:
    """Read every record of the evaluation set; raise EvaluationDataError when one is malformed."""
    records: list[Record] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.toml")):
        for raw in tomllib.loads(path.read_text("utf-8")).get("posting", []):
            where = f"{path.name}:{raw.get('id')}"
            expected = raw.get("expected", {})
            missing = [key for key in _REQUIRED_KEYS if key not in expected]
            if missing or raw.get("id") in seen:
                raise EvaluationDataError(f"{where}: missing {missing} or a repeated id")
            seen.add(raw["id"])
            regions = expected.get("remote_regions")
            split = raw.get("split", "dev")
            if split not in SPLITS:
                raise EvaluationDataError(f"{where}: split is one of {SPLITS}")
            places = expected.get("places")
            records.append(
                Record(
                    id=raw["id"],
                    title=raw["title"],
                    description=raw["description"],
                    source=raw.get("source", "written"),
                    split=split,
                    expected=Expected(
                        required=frozenset(expected["skills"]),
                        nice=frozenset(expected["nice"]),
                        seniority=_none(expected["seniority"]),
                        min_years=_none(expected["min_years"]),
                        skill_years=dict(expected.get("skill_years", {})),
                        workplace=_none(expected["workplace"]),
                        remote_regions=None if regions is None else frozenset(regions),
                        salary=_salary(expected["salary"], where),
                        employment_type=_none(expected["employment_type"]),
                        places=None if places is None else tuple(places),
                        category=_none(expected.get("category", "none")),
                        tags=frozenset(expected.get("tags", ())),
                        has_category="category" in expected,
                    ),
                )
            )
    return records


def _place_name(label: str) -> str:
    """ "Cambridge MA" names Cambridge (in Massachusetts): the city is what is compared."""
    words = label.split()
    if len(words) > 1 and len(words[-1]) == 2 and words[-1].isupper():
        words = words[:-1]
    return fold(" ".join(words))


def _compare(record: Record, analysis: Analysis, report: Report) -> None:
    expected = record.expected
    found = {skill.slug: skill for skill in analysis.skills}
    wanted = expected.required | expected.nice
    hits = wanted & found.keys()
    report.true_positives += len(hits)
    report.false_positives += len(found.keys() - wanted)
    report.false_negatives += len(wanted - found.keys())
    report.required_right += sum(
        1 for slug in hits if found[slug].required == (slug in expected.required)
    )
    problems: list[str] = []
    if found.keys() != wanted:
        problems.append(
            f"skills: missed {sorted(wanted - found.keys())}, extra {sorted(found.keys() - wanted)}"
        )
    flags = [slug for slug in hits if found[slug].required != (slug in expected.required)]
    if flags:
        problems.append(f"required flag wrong for {sorted(flags)}")
    seniority = analysis.seniority.seniority if analysis.seniority else None
    salary = analysis.salary
    salary_key = (
        (salary.min, salary.max, salary.currency, salary.period) if salary is not None else None
    )
    employment = analysis.employment_type.employment_type if analysis.employment_type else None
    workplace = analysis.workplace.workplace if analysis.workplace else None
    fields: dict[str, tuple[object, object]] = {
        "seniority": (expected.seniority, seniority),
        "min_years": (expected.min_years, analysis.min_years_experience),
        "workplace": (expected.workplace, workplace),
        "salary": (expected.salary, salary_key),
        "employment_type": (expected.employment_type, employment),
    }
    for name, (want, got) in fields.items():
        report.score(name, want == got)
        if want != got:
            problems.append(f"{name}: expected {want}, got {got}")
    found_years = {skill.slug: skill.min_years for skill in analysis.skills if skill.min_years}
    for slug, years in expected.skill_years.items():
        report.score("skill_years", found_years.get(slug) == years)
    if expected.remote_regions is not None and expected.workplace == "remote":
        regions = (
            frozenset(analysis.workplace.remote_regions) if analysis.workplace else frozenset()
        )
        report.score("remote_regions", regions == expected.remote_regions)
        if regions != expected.remote_regions:
            problems.append(
                f"remote_regions: expected {sorted(expected.remote_regions)}, got {sorted(regions)}"
            )
    if expected.tags:
        missed_tags = sorted(expected.tags - found.keys())
        for tag in expected.tags:
            report.score("tags", tag in found)
        if missed_tags:
            problems.append(f"employer's tags missed: {missed_tags}")
    if expected.has_category:
        # As a job gets its category: from its roles, the skills found and the level.
        category, _ = categorize_posting(analysis.roles, list(found), seniority)
        report.score("category", category == expected.category)
        if category != expected.category:
            problems.append(f"category: expected {expected.category}, got {category}")
    if expected.places is not None:
        found_places = {fold(place.city.name) for place in analysis.locations} | {
            fold(place.city.ascii_name) for place in analysis.locations
        }
        for label in expected.places:
            report.score("places", _place_name(label) in found_places)
    if problems:
        text = f"{record.id} ({record.title or record.description[:60]!r}):\n  " + "\n  ".join(
            problems
        )
        report.mistakes.append(text)
        report.split_of[text] = record.split


def evaluate(records: Sequence[Record]) -> Report:
    report = Report()
    for record in records:
        report.postings += 1
        analysis = analyze(record.title, record.description, this_year=EVALUATION_YEAR)
        _compare(record, analysis, report)
    return report


def format_report(report: Report, targets: dict[str, float] | None = None) -> str:
    targets = TARGETS if targets is None else targets
    figures = report.figures
    lines = [
        f"{report.postings} postings",
        f"skills      precision {report.precision:.3f}  recall {report.recall:.3f}  "
        f"F1 {report.f1:.3f}  (target F1 >= {targets['skill_f1']})",
        f"            required/nice flag right for {figures['skill_required_flag']:.3f} of the "
        "skills found",
    ]
    for name in ("seniority", "min_years", "workplace", "salary", "employment_type"):
        target = f"  (target >= {targets[name]})" if name in targets else ""
        lines.append(f"{name:<16}accuracy {report.accuracy(name):.3f}{target}")
    for name in ("skill_years", "remote_regions", "tags", "places", "category"):
        if name not in report.totals:
            continue
        target = f"  (target >= {targets[name]})" if name in targets else ""
        lines.append(
            f"{name:<16}accuracy {report.accuracy(name):.3f} "
            f"over {report.totals.get(name, 0)} labels{target}"
        )
    return "\n".join(lines)


def below_targets(report: Report, targets: dict[str, float] | None = None) -> list[str]:
    targets = TARGETS if targets is None else targets
    figures = report.figures
    return [name for name, target in targets.items() if figures[name] < target]


_TABLE_COLUMNS = (
    ("skill_f1", "skill F1"),
    ("skill_precision", "prec."),
    ("skill_recall", "recall"),
    ("seniority", "senior."),
    ("min_years", "years"),
    ("workplace", "workpl."),
    ("salary", "pay"),
    ("employment_type", "employ."),
    ("tags", "tags"),
    ("places", "places"),
    ("category", "categ."),
)


def format_table(rows: list[tuple[str, Report]]) -> str:
    """One line per group of postings: the figures side by side, "-" where nothing was labelled."""
    header = f"{'postings':<24}{'n':>5}" + "".join(f"{title:>9}" for _, title in _TABLE_COLUMNS)
    lines = [header]
    for name, report in rows:
        figures = report.figures
        cells = []
        for key, _ in _TABLE_COLUMNS:
            labelled = key.startswith("skill") or key in report.totals
            cells.append(f"{figures[key]:>9.3f}" if labelled else f"{'-':>9}")
        lines.append(f"{name:<24}{report.postings:>5}" + "".join(cells))
    return "\n".join(lines)


def evaluate_set(records: Sequence[Record]) -> list[tuple[str, Report]]:
    """The set overall, then each split, then each source (first seen first)."""
    rows = [("all", evaluate(records))]
    for split in SPLITS:
        chosen = [record for record in records if record.split == split]
        if chosen and len(chosen) < len(records):
            rows.append((f"split {split}", evaluate(chosen)))
    sources = list(dict.fromkeys(record.source for record in records))
    if len(sources) > 1:
        for source in sources:
            rows.append((f"source {source}", evaluate([r for r in records if r.source == source])))
    return rows


def _report_set(
    name: str, records: Sequence[Record], targets: dict[str, float], *, verbose: bool, held: bool
) -> list[str]:
    rows = evaluate_set(records)
    overall = rows[0][1]
    out = sys.stdout
    out.write(f"== {name} set ==\n")
    if verbose:
        shown = [m for m in overall.mistakes if held or overall.split_of[m] != "held_out"]
        hidden = len(overall.mistakes) - len(shown)
        out.write("\n".join(shown) + "\n")
        if hidden:
            out.write(f"({hidden} postings of the held_out split disagree; not shown)\n")
        out.write("\n")
    out.write(format_report(overall, targets) + "\n\n" + format_table(rows) + "\n\n")
    return [f"{name}: {metric}" for metric in below_targets(overall, targets)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every disagreement")
    parser.add_argument(
        "--show-held-out",
        action="store_true",
        help="also list the disagreements of the held_out split",
    )
    args = parser.parse_args(argv)
    failing: list[str] = []
    real = args.directory / REAL_FOLDER
    if real.is_dir():
        failing += _report_set(
            "real",
            load(real),
            REAL_TARGETS,
            verbose=args.verbose,
            held=args.show_held_out,
        )
        written = load(args.directory)
        if written:
            failing += _report_set(
                "written", written, TARGETS, verbose=args.verbose, held=args.show_held_out
            )
    else:
        report = evaluate(load(args.directory))
        if args.verbose:
            sys.stdout.write("\n".join(report.mistakes) + "\n\n")
        sys.stdout.write(format_report(report) + "\n")
        failing = below_targets(report)
    if failing:
        sys.stdout.write(f"below target: {', '.join(failing)}\n")
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
