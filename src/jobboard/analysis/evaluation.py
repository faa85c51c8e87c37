"""Score the analyzer against hand-labelled postings: `make eval`.

Usage: python -m jobboard.analysis.evaluation DIRECTORY [--verbose]

Reads every ``*.toml`` file of DIRECTORY (the format is described in its README.md) and prints
precision, recall and F1 for skills and the accuracy of the other fields. With ``--verbose``
it lists each disagreement, so a change to the rules can be checked posting by posting.
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

# The year the labels were written in; "years of a technology" lint is not scored.
EVALUATION_YEAR = 2026
TARGETS = {"skill_f1": 0.85, "seniority": 0.85, "workplace": 0.9, "salary": 0.9}
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


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    title: str
    description: str
    expected: Expected


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
            records.append(
                Record(
                    id=raw["id"],
                    title=raw["title"],
                    description=raw["description"],
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
                    ),
                )
            )
    return records


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
    if problems:
        report.mistakes.append(f"{record.id} ({record.title}):\n  " + "\n  ".join(problems))


def evaluate(records: Sequence[Record]) -> Report:
    report = Report()
    for record in records:
        report.postings += 1
        analysis = analyze(record.title, record.description, this_year=EVALUATION_YEAR)
        _compare(record, analysis, report)
    return report


def format_report(report: Report) -> str:
    figures = report.figures
    lines = [
        f"{report.postings} postings",
        f"skills      precision {report.precision:.3f}  recall {report.recall:.3f}  "
        f"F1 {report.f1:.3f}  (target F1 >= {TARGETS['skill_f1']})",
        f"            required/nice flag right for {figures['skill_required_flag']:.3f} of the "
        "skills found",
    ]
    for name in ("seniority", "min_years", "workplace", "salary", "employment_type"):
        target = f"  (target >= {TARGETS[name]})" if name in TARGETS else ""
        lines.append(f"{name:<16}accuracy {report.accuracy(name):.3f}{target}")
    for name in ("skill_years", "remote_regions"):
        lines.append(
            f"{name:<16}accuracy {report.accuracy(name):.3f} "
            f"over {report.totals.get(name, 0)} labels"
        )
    return "\n".join(lines)


def below_targets(report: Report) -> list[str]:
    figures = report.figures
    return [name for name, target in TARGETS.items() if figures[name] < target]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
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
