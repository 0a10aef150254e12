"""A judge's pages, made for a phone: the panels they judge, a panel's entries (their own unit's
shown as recused, with the reason), and the sheet of one entry (save a draft, submit, then read
only). Access → form → service → redirect or render."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.http import AuthedRequest
from chuangxian.orgs.permissions import member_for
from chuangxian.selections import selectors_competition as competition
from chuangxian.selections import selectors_scoring as reads
from chuangxian.selections.forms_scoring import SheetForm
from chuangxian.selections.models import SelectionStatus, Stage
from chuangxian.selections.models_scoring import Panel, SheetStatus
from chuangxian.selections.permissions_scoring import access_panel, access_panel_entry
from chuangxian.selections.quota import plain
from chuangxian.selections.scoring import recusal_reason
from chuangxian.selections.services import sheet_save
from chuangxian.selections.views_scoring import _errors


def _search(request: AuthedRequest, label: str) -> ListFilterForm:
    return ListFilterForm(request.GET, search_label=label)


def _matches(query: str, *texts: str) -> bool:
    return not query or any(query in text for text in texts)


def _stage(panel: Panel) -> dict[str, object]:
    """Who is presenting now, for a panel scored at lectures (a teaching competition's)."""
    live = competition.is_live(panel)
    return {"live": live, "on_stage": competition.on_stage(panel) if live else None}


def judging_index(request: AuthedRequest) -> HttpResponse:
    """The panels the person judges (none for everyone else)."""
    search = _search(request, _("评审组或评选名称"))
    panels = [
        p
        for p in reads.panels_judged_by(request.user)
        if _matches(search.filter.q, p.name, p.selection.title)
    ]
    return render(request, "selections/judging_index.html", {"panels": panels, "filter_form": search})


def judge_panel(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = access_panel(request.user, panel_id, judge=True)
    member = member_for(request.user)
    assert member is not None  # a judge's grant is held by a member
    search = _search(request, _("参评对象或单位"))
    every = reads.judge_rows(panel, member)
    rows = [r for r in every if _matches(search.filter.q, r.row.entry.candidate_name, r.unit_name)]
    selection = panel.selection
    return render(
        request,
        "selections/judge_panel.html",
        {
            "panel": panel,
            "selection": selection,
            "rows": rows,
            "filter_form": search,
            "scoring": selection.status == SelectionStatus.OPEN and selection.stage == Stage.SCORING,
            "left": sum(1 for r in every if r.recusal is None and not r.submitted),
            **_stage(panel),
        },
    )


def judge_sheet(request: AuthedRequest, panel_id: int, row_id: int) -> HttpResponse:
    row = access_panel_entry(request.user, panel_id, row_id)
    panel = row.panel
    member = member_for(request.user)
    assert member is not None
    recusal = recusal_reason(
        judge_unit=member.unit,
        entry_unit=reads.entry_unit(row.entry),
        role_units=reads.role_units([member])[member.pk],
    )
    sheet = reads.sheet_of(row, member)
    submitted = sheet is not None and sheet.status == SheetStatus.SUBMITTED
    items = reads.rubric_of(panel)
    selection = panel.selection
    scoring = selection.status == SelectionStatus.OPEN and selection.stage == Stage.SCORING
    initial = {key: plain(value) for key, value in reads.sheet_marks(sheet).items()}
    locked = submitted or recusal is not None or not scoring
    form = SheetForm(request.POST or None, items=items, disabled=locked, initial=initial)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            sheet_save(row=row, marks=form.marks(), submit=submit, actor=request.user)
        except DomainError as error:
            _errors(form, error)
        else:
            if submit:
                messages.success(request, _("已提交评分，提交后不能再修改。"))
                return redirect("selections:judge_panel", panel_id=panel.pk)
            messages.success(request, _("已保存草稿，可以继续修改，完成后请提交。"))
            return redirect("selections:judge_sheet", panel_id=panel.pk, row_id=row.pk)
    return render(
        request,
        "selections/judge_sheet.html",
        {
            "panel": panel,
            "selection": selection,
            "row": row,
            "entry": row.entry,
            "form": form,
            "sheet": sheet,
            "submitted": submitted,
            "recusal": recusal,
            "scoring": scoring,
            "locked": locked,
            **_stage(panel),
        },
        status=400 if request.method == "POST" else 200,
    )
