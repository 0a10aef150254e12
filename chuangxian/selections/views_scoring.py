"""The panel secretary's pages (the office): a panel's board (rubric, judges, progress, recusals,
results, ties), and its settings, rubric, entries and judges. The judges' own pages are in
``views_judging``. Access → form → service → redirect or render."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.forms import read_choices
from chuangxian.core.http import AuthedRequest
from chuangxian.selections import selectors_scoring as reads
from chuangxian.selections.forms_scoring import (
    EntriesForm,
    JudgesForm,
    PanelForm,
    RubricForm,
    TieForm,
    chain_label,
)
from chuangxian.selections.models_scoring import Panel
from chuangxian.selections.permissions import access_selection
from chuangxian.selections.permissions_scoring import access_panel
from chuangxian.selections.scoring import CRITERION_LABELS, Invalid
from chuangxian.selections.services import (
    panel_create,
    panel_entries_set,
    panel_judges_set,
    panel_remind,
    panel_rubric_set,
    panel_update,
    tie_decide,
)
from chuangxian.selections.views_competition import competition_summary


def _errors(form: Any, error: DomainError) -> None:
    """Every problem of the refusal on the form (an ``Invalid`` carries several)."""
    for problem in error.problems if isinstance(error, Invalid) else [error]:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


def panel_list(request: AuthedRequest, selection_id: int) -> HttpResponse:
    """The selection's panels, for the office (the secretary)."""
    selection = access_selection(request.user, selection_id, configure=True)
    search = ListFilterForm(request.GET, search_label=_("评审组名称"))
    panels = [p for p in reads.panels_of(selection) if not search.filter.q or search.filter.q in p.name]
    return render(
        request,
        "selections/panel_list.html",
        {"selection": selection, "panels": panels, "filter_form": search},
    )


def panel_new(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id, configure=True)
    panels = reads.panels_queryset(selection)
    form = PanelForm(request.POST or None, initial={"name": _("第一评审组")}, panels=panels)
    if request.method == "POST" and form.is_valid():
        try:
            panel = panel_create(
                selection=selection,
                name=form.cleaned_data["name"],
                tie_break=form.chain(),
                advance_count=form.cleaned_data["advance_count"],
                competition=form.competition(),
                actor=request.user,
            )
        except DomainError as error:
            _errors(form, error)
        else:
            messages.success(request, _("已新建评审组，请设置评分细则和评委。"))
            return redirect("selections:panel", panel_id=panel.pk)
    read_choices(form)
    return render(
        request,
        "selections/panel_form.html",
        {"form": form, "selection": selection, "panel": None},
        status=400 if request.method == "POST" else 200,
    )


def panel_edit(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = access_panel(request.user, panel_id)
    panels = reads.panels_queryset(panel.selection).exclude(pk=panel.pk)
    form = PanelForm(request.POST or None, initial=PanelForm.initial_of(panel), panels=panels)
    if request.method == "POST" and form.is_valid():
        try:
            panel_update(
                panel=panel,
                name=form.cleaned_data["name"],
                tie_break=form.chain(),
                advance_count=form.cleaned_data["advance_count"],
                competition=form.competition(),
                actor=request.user,
            )
        except DomainError as error:
            _errors(form, error)
        else:
            messages.success(request, _("已保存评审组设置。"))
            return redirect("selections:panel", panel_id=panel.pk)
    read_choices(form)
    return render(
        request,
        "selections/panel_form.html",
        {"form": form, "selection": panel.selection, "panel": panel},
        status=400 if request.method == "POST" else 200,
    )


def _board_context(panel: Panel, tie_forms: dict[str, TieForm] | None = None) -> dict[str, Any]:
    state = reads.board(panel)
    names = {row.entry_id: row.entry.candidate_name for row in state.rows}
    units = {row.entry_id: reads.entry_unit(row.entry).name for row in state.rows}
    judges = state.judges
    results = [
        {
            "row": ranked,
            "name": names[ranked.entry],
            "unit": units[ranked.entry],
            "totals": [state.totals[state.by_entry[ranked.entry].pk].get(j.pk) for j in judges],
            "decided_by": CRITERION_LABELS.get(ranked.decided_by, ""),
        }
        for ranked in state.ranking.rows
    ]
    row_names = {row.pk: row.entry.candidate_name for row in state.rows}
    owed = [
        {"judge": j, "entries": [row_names[r] for r in state.progress.owed[j.pk]]}
        for j in judges
        if j.pk in state.progress.owed
    ]
    judge_names = state.judge_names
    recused = [
        {"judge": judge_names[j], "entry": row_names[r], "reason": reason}
        for (j, r), reason in sorted(state.recused.items())
    ]
    ties = []
    for tie in state.ranking.ties:
        key = "-".join(str(e) for e in tie.entries)
        form = (tie_forms or {}).get(key) or TieForm(
            entries=[(e, names[e]) for e in tie.entries], prefix=f"tie{key}"
        )
        ties.append({"tie": tie, "key": key, "names": [names[e] for e in tie.entries], "form": form})
    decisions = [
        {"decision": d, "names": [names.get(int(e), str(e)) for e in d.order]} for d in state.decisions
    ]
    progress_rows = [{"name": row_names[p.entry], "progress": p} for p in state.progress.entries]
    return {
        "panel": panel,
        "selection": panel.selection,
        "rubric": reads.rubric_of(panel),
        "judges": judges,
        "rows": state.rows,
        "results": results,
        "unscored": [names[e] for e in state.ranking.unscored],
        "owed": owed,
        "recused": recused,
        "unscorable": [row_names[r] for r in state.progress.unscorable],
        "uneven": state.progress.uneven,
        "progress_rows": progress_rows,
        "ties": ties,
        "decisions": decisions,
        "chain": chain_label(panel.tie_break),
        **competition_summary(panel),
    }


def panel_detail(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = access_panel(request.user, panel_id)
    return render(request, "selections/panel.html", _board_context(panel))


def _panel_form(
    request: AuthedRequest,
    panel: Panel,
    form: forms.Form,
    save: Callable[[], object],
    done: str,
    template: str,
    **extra: object,
) -> HttpResponse:
    """A panel's settings form: on a valid POST ``save`` (the service), back to the panel with
    ``done``; otherwise the form with every problem (400 after a POST)."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except DomainError as error:
            _errors(form, error)
        else:
            messages.success(request, done)
            return redirect("selections:panel", panel_id=panel.pk)
    read_choices(form)
    return render(
        request,
        template,
        {"form": form, "panel": panel, "selection": panel.selection, **extra},
        status=400 if request.method == "POST" else 200,
    )


def panel_rubric(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = access_panel(request.user, panel_id)
    form = RubricForm(request.POST or None, items=reads.rubric_of(panel))
    return _panel_form(
        request,
        panel,
        form,
        lambda: panel_rubric_set(panel=panel, items=form.lines(), actor=request.user),
        _("已保存评分细则。"),
        "selections/panel_rubric.html",
    )


def panel_entries(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = access_panel(request.user, panel_id)
    scorable = list(reads.scorable_entries(panel.selection).select_related("nominating_unit"))
    choices = [(e.pk, f"{e.candidate_name}（{e.nominating_unit.name}）") for e in scorable]
    current = [row.entry_id for row in reads.panel_entries(panel)]
    form = EntriesForm(request.POST or None, choices=choices, initial={"entries": current})

    def save() -> object:
        chosen = {int(value) for value in form.cleaned_data["entries"]}
        return panel_entries_set(
            panel=panel, entries=[e for e in scorable if e.pk in chosen], actor=request.user
        )

    return _panel_form(
        request, panel, form, save, _("已保存评审组的参评对象。"), "selections/panel_entries.html"
    )


def panel_judges(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = access_panel(request.user, panel_id)
    current = reads.panel_judges(panel)
    members = reads.judge_candidates(panel, current)
    form = JudgesForm(request.POST or None, members=members, initial={"judges": [m.pk for m in current]})
    return _panel_form(
        request,
        panel,
        form,
        lambda: panel_judges_set(panel=panel, members=list(form.cleaned_data["judges"]), actor=request.user),
        _("已保存评委名单。"),
        "selections/panel_judges.html",
        current=current,
    )


@require_POST
def panel_remind_view(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = access_panel(request.user, panel_id)
    judge_id = request.POST.get("judge", "")
    judge = next((j for j in reads.panel_judges(panel) if str(j.pk) == judge_id), None)
    try:
        told = panel_remind(panel=panel, judge=judge, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if told:
            messages.success(request, _("已提醒 %(n)d 位评委。") % {"n": told})
        else:
            messages.info(request, _("今天已经提醒过这些评委。"))
    return redirect("selections:panel", panel_id=panel.pk)


@require_POST
def panel_tie_view(request: AuthedRequest, panel_id: int) -> HttpResponse:
    panel = access_panel(request.user, panel_id)
    key = request.POST.get("tie", "")
    ids = [int(part) for part in key.split("-") if part.isdigit()]
    names = {
        row.entry_id: row.entry.candidate_name for row in reads.panel_entries(panel) if row.entry_id in ids
    }
    form = TieForm(request.POST, entries=[(e, names[e]) for e in ids if e in names], prefix=f"tie{key}")
    if form.is_valid():
        try:
            tie_decide(panel=panel, order=form.order(), note=form.cleaned_data["note"], actor=request.user)
        except DomainError as error:
            _errors(form, error)
        else:
            messages.success(request, _("已记录评审委员会的名次决定。"))
            return redirect("selections:panel", panel_id=panel.pk)
    context = _board_context(panel, {key: form})
    if not any(tie["key"] == key for tie in context["ties"]):
        messages.error(request, "；".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect("selections:panel", panel_id=panel.pk)
    return render(request, "selections/panel.html", context, status=400)
