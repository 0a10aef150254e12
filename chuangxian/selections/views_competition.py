"""A teaching competition's pages, all on a panel (one group of one round): the draw of the
presentation order, the lectures (start, end, the typed time), the promotion to the final, the
default rubric, and the live scoreboard — the secretary's and the projector's, each polling a
fragment of itself with htmx. The secretary is the office (``access_panel``); a judge sees only
which entry is on stage (``competition_on_stage``, on the judge's pages). Access → form → service
→ redirect or render."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.core.errors import DomainError, NotFoundError
from chuangxian.core.http import AuthedRequest
from chuangxian.selections import selectors_competition as reads
from chuangxian.selections.forms_competition import DrawForm, LectureTimeForm
from chuangxian.selections.models_scoring import Panel, PanelEntry
from chuangxian.selections.permissions_scoring import access_panel
from chuangxian.selections.selectors_scoring import panel_entries
from chuangxian.selections.services.competition import (
    lecture_end,
    lecture_start,
    panel_draw,
    panel_promote,
    panel_rubric_default,
)

POLL_SECONDS = 3  # how often the scoreboards ask for their fragment


def competition_summary(panel: Panel) -> dict[str, Any]:
    """What the panel page shows of the competition (round, group, target, overtime rule, draw); at
    most one query (the target's name)."""
    target = (
        Panel.objects.filter(tenant_id=panel.tenant_id, pk=panel.advances_to_id)
        .values_list("name", flat=True)
        .first()
        if panel.advances_to_id
        else None
    )
    return {"advances_to_name": target, "rule_text": reads.rule_text(panel)}


def _done(request: AuthedRequest, action: Callable[[], object], message: str) -> None:
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)


def competition_draw(request: AuthedRequest, panel_id: int) -> HttpResponse:
    """The draw: its record (seed, who, when), each entry's key, and the form to draw."""
    panel = access_panel(request.user, panel_id)
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            panel_draw(panel=panel, seed=form.cleaned_data["seed"], actor=request.user)
        except DomainError as error:
            form.add_error("seed" if error.field == "seed" else None, error.message)
        else:
            messages.success(request, _("已抽签，出场顺序如下。"))
            return redirect("selections:competition_draw", panel_id=panel.pk)
    drawn_by = panel.drawn_by.display_name if panel.drawn_by_id and panel.drawn_by else ""
    return render(
        request,
        "selections/competition_draw.html",
        {
            "panel": panel,
            "selection": panel.selection,
            "rows": reads.draw_rows(panel),
            "form": form,
            "drawn_by": drawn_by,
        },
        status=400 if request.method == "POST" else 200,
    )


def competition_lectures(request: AuthedRequest, panel_id: int) -> HttpResponse:
    """The timekeeper's page: the entries in their order, the one on stage with its running time."""
    panel = access_panel(request.user, panel_id)
    return render(request, "selections/competition_lectures.html", _lectures_context(panel))


def _lectures_context(panel: Panel, forms: dict[int, LectureTimeForm] | None = None) -> dict[str, Any]:
    rows = panel_entries(panel)
    current = next((row for row in rows if row.pk == panel.current_id), None)
    running = reads.elapsed(current)
    return {
        "panel": panel,
        "selection": panel.selection,
        "rows": [
            {
                "row": row,
                "time": reads.clock_text(row.duration_seconds),
                "form": (forms or {}).get(row.pk) or LectureTimeForm(prefix=f"t{row.pk}"),
            }
            for row in rows
        ],
        "current": current,
        "elapsed": running,
        "elapsed_text": reads.clock_text(running),
        "rule_text": reads.rule_text(panel),
    }


def _row(panel: Panel, row_id: int) -> PanelEntry:
    row = PanelEntry.objects.filter(tenant_id=panel.tenant_id, panel=panel, pk=row_id).first()
    if row is None:
        raise NotFoundError()
    row.panel = panel
    return row


@require_POST
def competition_lecture_start(request: AuthedRequest, panel_id: int, row_id: int) -> HttpResponse:
    panel = access_panel(request.user, panel_id)
    row = _row(panel, row_id)
    _done(request, lambda: lecture_start(row=row, actor=request.user), _("已开始计时。"))
    return redirect("selections:competition_lectures", panel_id=panel.pk)


@require_POST
def competition_lecture_end(request: AuthedRequest, panel_id: int, row_id: int) -> HttpResponse:
    """End the lecture on stage (its time from the start), or record the time typed for an entry."""
    panel = access_panel(request.user, panel_id)
    row = _row(panel, row_id)
    form = LectureTimeForm(request.POST, prefix=f"t{row.pk}")
    if form.is_valid():
        try:
            ended = lecture_end(row=row, duration_seconds=form.cleaned_data["duration"], actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("已记录用时 %(time)s，扣 %(points)s 分。")
                % {"time": reads.clock_text(ended.duration_seconds), "points": ended.deduction},
            )
            return redirect("selections:competition_lectures", panel_id=panel.pk)
    return render(
        request, "selections/competition_lectures.html", _lectures_context(panel, {row.pk: form}), status=400
    )


@require_POST
def competition_promote(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = access_panel(request.user, panel_id)
    _done(
        request,
        lambda: panel_promote(panel=panel, actor=request.user),
        _("已确定晋级名单，晋级者已加入决赛评审组。"),
    )
    return redirect("selections:panel", panel_id=panel.pk)


@require_POST
def competition_rubric_default(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = access_panel(request.user, panel_id)
    _done(
        request,
        lambda: panel_rubric_default(panel=panel, actor=request.user),
        _("已填入教学竞赛默认评分细则，可在“评分细则”页修改。"),
    )
    return redirect("selections:panel", panel_id=panel.pk)


def _board(request: AuthedRequest, panel_id: int, template: str, *, public: bool) -> HttpResponse:
    panel = access_panel(request.user, panel_id)
    board = reads.scoreboard(panel, public=public)
    return render(
        request,
        template,
        {"panel": panel, "selection": panel.selection, "board": board, "poll": POLL_SECONDS},
    )


def competition_board(request: AuthedRequest, panel_id: int) -> HttpResponse:
    """The secretary's live scoreboard (running scores too, marked)."""
    return _board(request, panel_id, "selections/competition_board.html", public=False)


def competition_board_live(request: AuthedRequest, panel_id: int) -> HttpResponse:
    return _board(request, panel_id, "selections/_competition_board.html", public=False)


def competition_projector(request: AuthedRequest, panel_id: int) -> HttpResponse:
    """The projector's scoreboard: large type on a dark ground, no navigation, nothing partial."""
    return _board(request, panel_id, "selections/competition_projector.html", public=True)


def competition_projector_live(request: AuthedRequest, panel_id: int) -> HttpResponse:
    return _board(request, panel_id, "selections/_competition_projector.html", public=True)


def competition_on_stage(request: AuthedRequest, panel_id: int) -> HttpResponse:
    """For a judge of the panel: which entry is presenting now (polled on the judge's pages)."""
    panel = access_panel(request.user, panel_id, judge=True)
    return render(
        request, "selections/_competition_on_stage.html", {"panel": panel, "on_stage": reads.on_stage(panel)}
    )
