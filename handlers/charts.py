"""The weekly chart: open projects by stage, and SLA compliance over the last weeks, as a PNG (matplotlib)."""

from __future__ import annotations

import io

from bot.i18n import t
from bot.portfolio import WeekCompliance

STAGES = ("prerrequisitos", "implementacion", "produccion")


def weekly_chart(summary: dict[str, int], weeks: list[WeekCompliance]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")  # no display: render straight to PNG
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 4.2), dpi=110)
    stages, compliance = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.6]})

    labels = [t(f"chart.stage.{s}") for s in STAGES]
    counts = [summary.get(s, 0) for s in STAGES]
    bars = stages.bar(labels, counts, color=["#f2b134", "#2f6fb3", "#3aa15f"])
    stages.bar_label(bars)
    stages.set_title(t("chart.stages_title"))
    stages.set_ylabel(t("chart.projects"))

    x = [w.week.strftime("%d/%m") for w in weeks]
    for name, label, color in (("contact", t("chart.contact"), "#2f6fb3"), ("kickoff", t("chart.kickoff"), "#c0392b")):
        values = [getattr(w, name) for w in weeks]
        compliance.plot(x, [100 * v if v is not None else float("nan") for v in values], marker="o", color=color,
                        label=label)
    compliance.set_ylim(0, 105)
    compliance.set_title(t("chart.compliance_title", weeks=len(weeks)))
    compliance.set_ylabel("%")
    compliance.set_xlabel(t("chart.week_of"))
    compliance.legend(loc="lower left")
    compliance.grid(alpha=0.3)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
