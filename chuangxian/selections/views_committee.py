"""The committee's page (评审委员会审定), for the office: every entry still in the running with its
place in its panel's ranking and the eligibility rules it fails today, and one form recording the
committee's decision on each (all or none). Access → form → service → redirect or render."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.http import AuthedRequest
from chuangxian.selections.models import PartyDecision, Stage
from chuangxian.selections.permissions import access_selection
from chuangxian.selections.selectors_committee import CommitteeRow, committee_rows
from chuangxian.selections.services.committee import CommitteeVote, committee_decide

DECISION_CHOICES = [("", gettext_lazy("未定")), *PartyDecision.choices]


class CommitteeForm(forms.Form):
    """One decision and one note per entry (``decision_<id>``, ``note_<id>``)."""

    def __init__(self, *args: object, rows: list[CommitteeRow], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.rows = rows
        for row in rows:
            entry = row.entry
            self.fields[f"decision_{entry.pk}"] = forms.ChoiceField(
                label=_("%(name)s：评审委员会意见") % {"name": entry.candidate_name},
                choices=DECISION_CHOICES,
                required=False,
                initial=entry.committee_decision,
            )
            self.fields[f"note_{entry.pk}"] = forms.CharField(
                label=_("%(name)s：意见说明（不同意时必填）") % {"name": entry.candidate_name},
                required=False,
                max_length=1000,
                initial=entry.committee_note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def votes(self) -> dict[int, CommitteeVote]:
        data = self.cleaned_data
        return {
            row.entry.pk: CommitteeVote(data[f"decision_{row.entry.pk}"], data[f"note_{row.entry.pk}"])
            for row in self.rows
        }

    def lines(self) -> list[tuple[CommitteeRow, forms.BoundField, forms.BoundField]]:
        return [(row, self[f"decision_{row.entry.pk}"], self[f"note_{row.entry.pk}"]) for row in self.rows]


def committee(request: AuthedRequest, selection_id: int) -> HttpResponse:
    selection = access_selection(request.user, selection_id, configure=True)
    rows = committee_rows(selection)
    search = ListFilterForm(request.GET, search_label=_("推荐对象或单位"))
    if q := search.filter.q:
        rows = [r for r in rows if q in r.entry.candidate_name or q in r.entry.nominating_unit.name]
    at_stage = selection.stage == Stage.COMMITTEE
    form = CommitteeForm(request.POST or None, rows=rows)
    if request.method == "POST":
        if not at_stage:
            messages.error(request, _("评选不在评审委员会审定环节，不能登记意见。"))
            return redirect("selections:committee", selection_id=selection.pk)
        if form.is_valid():
            try:
                changed = committee_decide(selection=selection, votes=form.votes(), actor=request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已登记评审委员会意见（%(n)d 项有变化）。") % {"n": changed})
                return redirect("selections:committee", selection_id=selection.pk)
    context = {
        "selection": selection,
        "form": form,
        "lines": form.lines(),
        "at_stage": at_stage,
        "filter_form": search,
        "pending": sum(1 for r in rows if not r.entry.committee_decision),
    }
    return render(request, "selections/committee.html", context, status=400 if form.errors else 200)
