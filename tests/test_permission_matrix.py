"""The permission matrix: every URL × every role × own / child / sibling unit / other tenant.

Generated from the URLconf: ``test_every_url_is_in_the_matrix`` fails when a page is added without an
entry here, so a new page cannot ship without being checked. For each parametrised URL and persona,
the record of each place (``tests/permission_world.py``) is requested with GET and with an empty POST:

- where the persona may not reach it, the answer is the app's one refusal (404 for missing and
  forbidden alike; 405 from ``require_POST`` before anything is looked up; a redirect to the login
  page for the anonymous), the body never contains the record's marker, and no audit entry is
  written (every write leaves one, in the same transaction);
- where the persona may, a GET of a page answers 200 (office on everything in its tenant, chair and
  liaison on their unit and the group below it, the leader on what it may view) and writes nothing.

Where the answer legitimately depends on more than the role (a plain member and the meetings of the
group below their unit, say), the matrix says None and only checks that nothing breaks or writes.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chuangxian.appeals.tests.factories import world_appeals
from chuangxian.audit.models import AuditEntry
from chuangxian.awards.tests.factories import world_awards
from chuangxian.congress.tests.factories import world_congress
from chuangxian.disclosure.tests.factories import world_disclosure
from chuangxian.selections.tests.factories_judging import world_panels
from tests.permission_world import (
    CHILD,
    HOME_MARKER,
    MARKERS,
    OTHER,
    OWN,
    PERSONAS,
    SIBLING,
    World,
    world_build,
)

HOME = "home"  # tenant A, for records that belong to a tenant rather than a unit
UNIT, TENANT = "unit", "tenant"

# Who may reach a record (of tenant A; nobody of tenant A reaches tenant B's):
OFFICE = "office"  # the campaign office only (configure)
MANAGE = "manage"  # a manager of the record's unit: office; chair and liaison of own and the group below
VIEW = "view"  # + the leader; a plain member's view depends on the page (None)
IN_TENANT = "in_tenant"  # anyone of the tenant (projects, pledge walls, issued notices)
NOBODY = "nobody"  # none of the personas: the recipient, the owner, the eligible voter only
JUDGE = "judge"  # the judge persona only: a judge's grant on tenant A's panel (``world_panels``)


@dataclass(frozen=True)
class Case:
    """How to build one URL's arguments from a place's records, and who may use it.

    ``ids`` maps each URL argument to the attribute of the ``Place`` (``level=UNIT``) or of the
    ``TenantRecords`` (``level=TENANT``) whose primary key it takes; ``extra`` gives literal ones.
    ``child`` names the argument of a record that belongs to the others' record (a meeting's file):
    the matrix also asks for the persona's own parent with another place's child, which must fail
    for everyone. ``page``: a GET by whoever may reach it answers ``ok`` (False for POST-only views,
    files and pages whose answer depends on the record's state).
    """

    ids: dict[str, str]
    reach: str
    level: str = UNIT
    page: bool = True
    post_only: bool = False
    heavy: bool = False  # a PDF: only the office's GET is made
    child: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    ok: int = 200
    refused: int = 404


def unit(reach: str, *, page: bool = True, child: str | None = None, ok: int = 200, **ids: str) -> Case:
    return Case(ids=ids, reach=reach, page=page, child=child, ok=ok)


def post(reach: str, *, child: str | None = None, level: str = UNIT, **ids: str) -> Case:
    """A ``require_POST`` view: a GET is 405 for everyone."""
    return Case(ids=ids, reach=reach, page=False, post_only=True, child=child, level=level)


def tenant(reach: str, *, page: bool = True, child: str | None = None, ok: int = 200, **ids: str) -> Case:
    return Case(ids=ids, reach=reach, level=TENANT, page=page, child=child, ok=ok)


PERMISSION_MATRIX: dict[str, Case] = {
    # orgs
    "orgs:unit_detail": unit(VIEW, unit_id="unit"),
    "orgs:unit_create": unit(OFFICE, parent_id="unit"),
    "orgs:unit_edit": unit(OFFICE, unit_id="unit"),
    "orgs:unit_move": unit(OFFICE, unit_id="unit"),
    "orgs:unit_officers": unit(OFFICE, unit_id="unit"),
    "orgs:unit_members": unit(VIEW, unit_id="unit"),
    "orgs:unit_status": Case(
        ids={"unit_id": "unit"}, extra={"action": "deactivate"}, reach=OFFICE, page=False, post_only=True
    ),
    "orgs:member_detail": unit(VIEW, member_id="member"),
    "orgs:member_role_grant": post(OFFICE, member_id="member"),
    "orgs:member_role_revoke": post(
        OFFICE, member_id="officer", assignment_id="officer_assignment", child="assignment_id"
    ),
    "orgs:member_password_reset": post(OFFICE, member_id="member"),
    # roster
    "roster:detail": tenant(OFFICE, roster_import_id="roster_import"),
    "roster:progress": tenant(OFFICE, roster_import_id="roster_import", ok=200),
    "roster:confirm": post(OFFICE, level=TENANT, roster_import_id="roster_import"),
    "roster:discard": post(OFFICE, level=TENANT, roster_import_id="roster_import"),
    # campaigns
    "campaigns:detail": tenant(OFFICE, campaign_id="campaign"),
    "campaigns:edit": tenant(OFFICE, campaign_id="campaign"),
    "campaigns:phases": tenant(OFFICE, campaign_id="campaign"),
    "campaigns:reopen": tenant(OFFICE, campaign_id="campaign"),
    "campaigns:reopen_revoke": post(
        OFFICE, level=TENANT, campaign_id="campaign", reopening_id="reopening", child="reopening_id"
    ),
    "campaigns:judges": tenant(OFFICE, campaign_id="campaign"),
    "campaigns:judge_revoke": post(
        OFFICE, level=TENANT, campaign_id="campaign", grant_id="judge_grant", child="grant_id"
    ),
    # workdays: the school's working-day table is its office's
    "workdays:edit": tenant(OFFICE, adjustment_id="workday_adjustment"),
    "workdays:delete": post(OFFICE, level=TENANT, adjustment_id="workday_adjustment"),
    "workdays:year_reopen": post(OFFICE, level=TENANT, workday_year_id="workday_year"),
    # assignments
    "assignments:campaign_tasks": tenant(OFFICE, campaign_id="campaign"),
    "assignments:task_new": tenant(OFFICE, campaign_id="campaign"),
    "assignments:defaults": post(OFFICE, level=TENANT, campaign_id="campaign"),
    "assignments:sync": post(OFFICE, level=TENANT, campaign_id="campaign"),
    "assignments:task_edit": tenant(OFFICE, task_id="task"),
    "assignments:task_delete": post(OFFICE, level=TENANT, task_id="task"),
    "assignments:unit_tasks": unit(VIEW, unit_id="unit"),
    "assignments:unit_task": unit(VIEW, unit_task_id="unit_task"),
    "assignments:unit_task_submit": post(MANAGE, unit_task_id="unit_task"),
    "assignments:unit_task_start": post(MANAGE, unit_task_id="unit_task"),
    "assignments:unit_task_done": post(MANAGE, unit_task_id="unit_task"),
    "assignments:unit_task_review": post(OFFICE, unit_task_id="unit_task"),
    "assignments:unit_task_history": unit(VIEW, unit_task_id="unit_task"),
    "assignments:unit_task_responsible": post(OFFICE, unit_task_id="unit_task"),
    "assignments:unit_task_document": unit(VIEW, unit_task_id="unit_task"),
    # meetings
    "meetings:list": unit(VIEW, unit_id="unit"),
    "meetings:create": unit(MANAGE, unit_id="unit"),
    "meetings:detail": unit(VIEW, meeting_id="meeting"),
    "meetings:edit": unit(MANAGE, meeting_id="meeting"),
    "meetings:attendance": unit(MANAGE, meeting_id="meeting"),
    "meetings:file_upload": post(MANAGE, meeting_id="meeting"),
    "meetings:file_download": unit(VIEW, meeting_id="meeting", file_id="meeting_file", child="file_id"),
    "meetings:file_delete": post(MANAGE, meeting_id="meeting", file_id="meeting_file", child="file_id"),
    "meetings:host": unit(MANAGE, meeting_id="meeting"),
    "meetings:host_qr": unit(MANAGE, meeting_id="meeting"),
    "meetings:host_count": unit(MANAGE, meeting_id="meeting"),
    # The phone's check-in: no code, no check-in, for everyone (the code is the proof of presence).
    "meetings:checkin": Case(ids={"meeting_id": "meeting"}, reach=NOBODY, page=False, refused=400),
    # plans (the plans are drafts: the unit's managers and the office only)
    "plans:unit": unit(MANAGE, unit_id="unit", ok=302),
    "plans:edit": unit(MANAGE, unit_id="unit"),
    "plans:detail": unit(MANAGE, plan_id="plan"),
    "plans:submit": post(MANAGE, plan_id="plan"),
    "plans:review": post(OFFICE, plan_id="plan"),
    "plans:compare": unit(MANAGE, plan_id="plan"),
    "plans:version": Case(ids={"plan_id": "plan"}, extra={"number": 1}, reach=MANAGE),
    "plans:file": Case(ids={"plan_id": "plan"}, extra={"number": 1}, reach=MANAGE),
    # study (each document is sent to its place's unit only)
    "study:detail": unit(VIEW, document_id="study"),
    "study:confirm": post(VIEW, document_id="study"),
    "study:rates": unit(OFFICE, document_id="study"),
    "study:unit_status": unit(VIEW, document_id="study", unit_id="unit"),
    "study:attachment": unit(
        VIEW, document_id="study", attachment_id="study_attachment", child="attachment_id"
    ),
    # documents: the draft notice is the office's; the issued one the whole tenant's
    "documents:notice_detail": tenant(IN_TENANT, notice_id="issued_notice"),
    "documents:notice_edit": tenant(OFFICE, notice_id="notice"),
    "documents:notice_issue": tenant(OFFICE, notice_id="notice"),
    "documents:notice_revoke": tenant(OFFICE, notice_id="issued_notice"),
    "documents:notice_delete": post(OFFICE, level=TENANT, notice_id="notice"),
    "documents:notice_pdf": Case(
        ids={"notice_id": "issued_notice"}, reach=IN_TENANT, level=TENANT, heavy=True
    ),
    "documents:notice_docx": tenant(IN_TENANT, notice_id="issued_notice"),
    "documents:attachment_add": post(OFFICE, level=TENANT, notice_id="notice"),
    "documents:attachment_download": tenant(
        OFFICE, notice_id="notice", attachment_id="notice_attachment", child="attachment_id"
    ),
    "documents:attachment_remove": post(
        OFFICE, level=TENANT, notice_id="notice", attachment_id="notice_attachment", child="attachment_id"
    ),
    # notifications: a notice is its recipient's alone
    "notifications:open": unit(NOBODY, notification_id="notification", page=False),
    # projects (public within the tenant; managed by the unit's managers)
    "projects:create": unit(MANAGE, unit_id="unit"),
    "projects:detail": unit(IN_TENANT, project_id="project"),
    "projects:edit": unit(MANAGE, project_id="project"),
    "projects:milestone_add": post(MANAGE, project_id="project"),
    "projects:milestone_edit": unit(
        MANAGE, project_id="project", milestone_id="milestone", child="milestone_id"
    ),
    "projects:milestone_done": post(
        MANAGE, project_id="project", milestone_id="milestone", child="milestone_id"
    ),
    "projects:milestone_reopen": post(
        MANAGE, project_id="project", milestone_id="milestone", child="milestone_id"
    ),
    "projects:update_add": post(MANAGE, project_id="project"),
    "projects:file_download": unit(IN_TENANT, project_id="project", file_id="update_file", child="file_id"),
    # pledges (each is under review: its member and the unit's managers only)
    "pledges:detail": unit(MANAGE, pledge_id="pledge"),
    "pledges:review": post(MANAGE, pledge_id="pledge"),
    "pledges:history": unit(MANAGE, pledge_id="pledge"),
    "pledges:progress": post(NOBODY, pledge_id="pledge"),
    "pledges:report": post(NOBODY, pledge_id="pledge"),
    "pledges:rate": post(MANAGE, pledge_id="pledge"),
    "pledges:finalize": post(MANAGE, unit_id="unit"),
    "pledges:wall": unit(IN_TENANT, unit_id="unit"),
    "pledges:wall_xlsx": unit(VIEW, unit_id="unit"),
    "pledges:wall_pdf": Case(ids={"unit_id": "unit"}, reach=VIEW, heavy=True),
    "pledges:queue": unit(MANAGE, unit_id="unit"),
    # activities (each is published to its own unit only)
    "activities:create": unit(MANAGE, unit_id="unit"),
    "activities:detail": unit(VIEW, activity_id="activity"),
    "activities:edit": unit(MANAGE, activity_id="activity"),
    "activities:signup": post(VIEW, activity_id="activity"),
    "activities:cancel": post(VIEW, activity_id="activity"),
    "activities:organise": unit(MANAGE, activity_id="activity"),
    "activities:publish": post(MANAGE, activity_id="activity"),
    "activities:close": post(MANAGE, activity_id="activity"),
    "activities:attendance": post(MANAGE, activity_id="activity"),
    "activities:cancel_for": post(
        MANAGE, activity_id="activity", registration_id="registration", child="registration_id"
    ),
    "activities:photo_upload": post(MANAGE, activity_id="activity"),
    "activities:photo": unit(VIEW, activity_id="activity", photo_id="photo", child="photo_id"),
    "activities:host": unit(MANAGE, activity_id="activity"),
    "activities:host_qr": unit(MANAGE, activity_id="activity"),
    "activities:checkin": Case(ids={"activity_id": "activity"}, reach=NOBODY, page=False, refused=400),
    # supervision
    "supervision:remind": post(OFFICE, unit_task_id="unit_task"),
    "supervision:unit_progress": unit(MANAGE, unit_id="unit"),
    # exports: a job is its starter's only (chuangxian/exports/tests/test_views.py); no persona
    # started one here, so every job URL is a 404; a run without its parameters is refused (403).
    "exports:run": Case(
        ids={}, extra={"name": "pledges.wall", "fmt": "xlsx"}, reach=NOBODY, level=TENANT, refused=403
    ),
    "exports:job": Case(ids={}, extra={"job_id": 999999}, reach=NOBODY, level=TENANT),
    "exports:progress": Case(ids={}, extra={"job_id": 999999}, reach=NOBODY, level=TENANT),
    "exports:download": Case(ids={}, extra={"job_id": 999999}, reach=NOBODY, level=TENANT),
    "exports:retry": Case(
        ids={}, extra={"job_id": 999999}, reach=NOBODY, level=TENANT, page=False, post_only=True
    ),
    # coverage
    "coverage:unit": unit(VIEW, unit_id="unit"),
    "coverage:export": unit(VIEW, unit_id="unit"),
    # voting (each poll is a draft at its unit)
    "voting:create": unit(MANAGE, unit_id="unit"),
    "voting:detail": unit(VIEW, poll_id="poll"),
    "voting:edit": unit(MANAGE, poll_id="poll"),
    "voting:question_add": unit(MANAGE, poll_id="poll"),
    "voting:question_remove": post(MANAGE, poll_id="poll", question_id="question", child="question_id"),
    "voting:open": post(MANAGE, poll_id="poll"),
    "voting:close": post(MANAGE, poll_id="poll"),
    "voting:remind": post(MANAGE, poll_id="poll"),
    "voting:tally": post(MANAGE, poll_id="poll"),
    "voting:confirm": post(VIEW, poll_id="poll"),
    "voting:lot": post(MANAGE, poll_id="poll"),
    "voting:runoff": post(MANAGE, poll_id="poll"),
    "voting:publish": post(MANAGE, poll_id="poll"),
    "voting:vote": unit(NOBODY, poll_id="poll", page=False),  # the electorate of an open poll
    "voting:voted": unit(VIEW, poll_id="poll"),
    "voting:paper": unit(NOBODY, poll_id="poll", page=False),  # its tellers, for a paper poll
    # Its scrutineers, for a sealed box they keep (the world's poll has fewer than two: no shares).
    "voting:share": unit(NOBODY, poll_id="poll", page=False),
    "voting:box": unit(NOBODY, poll_id="poll", page=False),
    # A released poll's result is seen by its electorate and whoever may view the organising unit.
    "voting:result": unit(VIEW, poll_id="released_poll"),
    "voting:result_pdf": Case(ids={"poll_id": "released_poll"}, reach=VIEW, heavy=True),
    "voting:ballots": unit(VIEW, poll_id="released_poll"),
    "voting:ballots_json": unit(VIEW, poll_id="released_poll"),
    "voting:verify": unit(VIEW, poll_id="released_poll"),
    # selections (one members' selection per school at its nomination stage; an entry per place,
    # nominated by the place's nominating unit: "own" for the child group)
    "selections:detail": tenant(IN_TENANT, selection_id="selection"),
    "selections:edit": tenant(OFFICE, selection_id="selection"),
    "selections:open": post(OFFICE, level=TENANT, selection_id="selection"),
    "selections:advance": post(OFFICE, level=TENANT, selection_id="selection"),
    "selections:stage_set": post(OFFICE, level=TENANT, selection_id="selection"),
    "selections:type_edit": tenant(OFFICE, type_id="selection_type"),
    "selections:nominate": unit(MANAGE, selection_id="selection", unit_id="unit"),
    "selections:entry": unit(VIEW, entry_id="entry"),
    "selections:entry_file": unit(VIEW, page=False, child="file_id", entry_id="entry", file_id="entry_file"),
    "selections:withdraw": post(MANAGE, entry_id="entry"),
    "selections:resubmit": post(MANAGE, entry_id="entry"),
    "selections:party_review": post(MANAGE, entry_id="entry"),
    "selections:office_review": post(OFFICE, entry_id="entry"),
    "selections:record_edit": unit(OFFICE, member_id="member"),
    # the democratic recommendation: only the office starts it (the world's selection is at its
    # nomination stage, so the office's page says why it cannot yet)
    "selections:poll_new": tenant(OFFICE, selection_id="selection"),
    "selections:committee": tenant(OFFICE, selection_id="selection"),
    # the judges' scoring (a panel per school, judged by its campaign judge: ``world_panels``)
    "selections:panels": tenant(OFFICE, selection_id="scoring_selection"),
    "selections:panel_new": tenant(OFFICE, selection_id="scoring_selection"),
    "selections:panel": tenant(OFFICE, panel_id="panel"),
    "selections:panel_edit": tenant(OFFICE, panel_id="panel"),
    "selections:panel_rubric": tenant(OFFICE, panel_id="panel"),
    "selections:panel_entries": tenant(OFFICE, panel_id="panel"),
    "selections:panel_judges": tenant(OFFICE, panel_id="panel"),
    "selections:panel_remind": post(OFFICE, level=TENANT, panel_id="panel"),
    "selections:panel_tie": post(OFFICE, level=TENANT, panel_id="panel"),
    "selections:judge_panel": tenant(JUDGE, panel_id="panel"),
    "selections:judge_sheet": tenant(JUDGE, child="row_id", panel_id="panel", row_id="panel_entry"),
    # teaching competitions on a panel: the secretary's (the office's) draw, lectures, promotion,
    # default rubric and scoreboards; a judge of the panel sees who is on stage
    "selections:competition_draw": tenant(OFFICE, panel_id="panel"),
    "selections:competition_lectures": tenant(OFFICE, panel_id="panel"),
    "selections:competition_lecture_start": post(
        OFFICE, level=TENANT, child="row_id", panel_id="panel", row_id="panel_entry"
    ),
    "selections:competition_lecture_end": post(
        OFFICE, level=TENANT, child="row_id", panel_id="panel", row_id="panel_entry"
    ),
    "selections:competition_promote": post(OFFICE, level=TENANT, panel_id="panel"),
    "selections:competition_rubric_default": post(OFFICE, level=TENANT, panel_id="panel"),
    "selections:competition_board": tenant(OFFICE, panel_id="panel"),
    "selections:competition_board_live": tenant(OFFICE, panel_id="panel"),
    "selections:competition_projector": tenant(OFFICE, panel_id="panel"),
    "selections:competition_projector_live": tenant(OFFICE, panel_id="panel"),
    "selections:competition_on_stage": tenant(JUDGE, panel_id="panel"),
    # awards: a members' selection of each school at its final stage, its one winner announced and
    # flagged as an exemplar (tenant A's of the sibling place, so the chair of "own" may not see the
    # certificate: ``world_awards``)
    "awards:results": tenant(IN_TENANT, selection_id="award_selection"),
    "awards:announce": tenant(OFFICE, selection_id="award_selection"),
    "awards:notice": tenant(OFFICE, selection_id="award_selection"),
    "awards:certificate": Case(ids={"award_id": "award"}, reach=VIEW, level=TENANT, heavy=True),
    "awards:certificates": Case(
        ids={"selection_id": "award_selection"}, reach=VIEW, level=TENANT, heavy=True
    ),
    "awards:exemplar": post(OFFICE, level=TENANT, award_id="award"),
    # the public notice (公示) of another selection of each school, running, with an objection by
    # the school's office (an objection is seen by its objector and whoever answers)
    # staff congress: at each place a congress of its unit with a session, an agenda item, a document
    # and the place's member as representative (``world_congress``); the school reads, the unit's
    # managers set it up; the phone's check-in needs a code (400 without one)
    "congress:detail": unit(IN_TENANT, congress_id="congress"),
    "congress:edit": unit(MANAGE, congress_id="congress"),
    "congress:elect": unit(MANAGE, congress_id="congress"),
    "congress:delegations": unit(MANAGE, congress_id="congress"),
    "congress:replace": unit(MANAGE, representative_id="congress_rep"),
    "congress:session_new": unit(MANAGE, congress_id="congress"),
    "congress:session": unit(IN_TENANT, session_id="congress_session"),
    "congress:session_edit": unit(MANAGE, session_id="congress_session"),
    "congress:quorum": unit(IN_TENANT, session_id="congress_session"),
    "congress:agenda_add": post(MANAGE, session_id="congress_session"),
    "congress:agenda_move": post(MANAGE, item_id="congress_agenda"),
    "congress:agenda_remove": post(MANAGE, item_id="congress_agenda"),
    "congress:document_upload": post(MANAGE, session_id="congress_session"),
    "congress:document": unit(IN_TENANT, page=False, document_id="congress_document"),
    "congress:document_remove": post(MANAGE, document_id="congress_document"),
    "congress:attendance": unit(MANAGE, session_id="congress_session"),
    "congress:poll_new": unit(MANAGE, session_id="congress_session"),
    "congress:host": unit(MANAGE, session_id="congress_session"),
    "congress:host_qr": unit(MANAGE, session_id="congress_session"),
    "congress:checkin": Case(ids={"session_id": "congress_session"}, reach=NOBODY, page=False, refused=400),
    "publicnotice:publish": tenant(OFFICE, selection_id="selection"),
    "publicnotice:discipline": tenant(OFFICE, selection_id="notice_selection"),
    "publicnotice:discipline_revoke": post(
        OFFICE,
        level=TENANT,
        selection_id="notice_selection",
        grant_id="discipline_grant",
        child="grant_id",
    ),
    "publicnotice:detail": tenant(IN_TENANT, notice_id="public_notice"),
    # proposals (a session of each school's congress with a submitted proposal: ``world_proposals``;
    # no persona is a representative, so none may draft; the actions' services refuse with a message)
    "proposals:session": tenant(IN_TENANT, session_id="proposal_session"),
    "proposals:new": tenant(NOBODY, session_id="proposal_session"),
    "proposals:collection": tenant(OFFICE, session_id="proposal_session"),
    "proposals:report": tenant(OFFICE, session_id="proposal_session"),
    "proposals:remind": post(OFFICE, level=TENANT, session_id="proposal_session"),
    "proposals:detail": tenant(IN_TENANT, proposal_id="proposal"),
    "proposals:edit": tenant(NOBODY, proposal_id="proposal"),
    "proposals:submit": post(IN_TENANT, level=TENANT, proposal_id="proposal"),
    "proposals:cosign": post(IN_TENANT, level=TENANT, proposal_id="proposal"),
    "proposals:invite": post(IN_TENANT, level=TENANT, proposal_id="proposal"),
    "proposals:decide": post(IN_TENANT, level=TENANT, proposal_id="proposal"),
    "proposals:assign": post(IN_TENANT, level=TENANT, proposal_id="proposal"),
    "proposals:forward": post(IN_TENANT, level=TENANT, proposal_id="proposal"),
    "proposals:note": post(IN_TENANT, level=TENANT, proposal_id="proposal", unit_id="root"),
    "proposals:answer": post(IN_TENANT, level=TENANT, proposal_id="proposal"),
    "proposals:rate": post(IN_TENANT, level=TENANT, proposal_id="proposal"),
    "publicnotice:object": post(IN_TENANT, level=TENANT, notice_id="public_notice"),
    "publicnotice:finalise": post(OFFICE, level=TENANT, notice_id="public_notice"),
    "publicnotice:objection": tenant(OFFICE, objection_id="objection"),
    "publicnotice:answer": post(OFFICE, level=TENANT, objection_id="objection"),
    # appeals: at each place its member's appeal, routed to the place's unit; its handlers are the
    # unit's managers (the office, the chair and liaison above it); only the submitter (no persona)
    # rates it; the ledger entry and the handling-office list are the school's (``world_appeals``)
    "appeals:detail": unit(MANAGE, appeal_id="appeal"),
    "appeals:attachment": unit(MANAGE, page=False, appeal_id="appeal"),
    "appeals:accept": post(MANAGE, appeal_id="appeal"),
    "appeals:transfer": post(MANAGE, appeal_id="appeal"),
    "appeals:answer": post(MANAGE, appeal_id="appeal"),
    "appeals:handler": post(OFFICE, appeal_id="appeal"),
    "appeals:message": post(MANAGE, appeal_id="appeal"),
    "appeals:rate": post(NOBODY, appeal_id="appeal"),
    "appeals:desk_remove": post(OFFICE, level=TENANT, desk_id="desk"),
    "appeals:matter": tenant(IN_TENANT, matter_id="matter"),
    "appeals:matter_edit": tenant(OFFICE, matter_id="matter"),
    # school-affairs disclosure: at each place an item disclosed to its unit only (its subtree and
    # whoever views it through a role), answered by the school's root, that is its office, with a
    # question by the place's member and an attachment (``world_disclosure``)
    "disclosure:detail": unit(VIEW, item_id="disclosure_item"),
    "disclosure:edit": unit(OFFICE, item_id="disclosure_item"),
    "disclosure:withdraw": unit(OFFICE, item_id="disclosure_item"),
    "disclosure:feedback": post(VIEW, item_id="disclosure_item"),
    "disclosure:attachment": unit(
        VIEW,
        page=False,
        child="attachment_id",
        item_id="disclosure_item",
        attachment_id="disclosure_attachment",
    ),
    "disclosure:answer": post(OFFICE, question_id="disclosure_question"),
    "disclosure:handlers": unit(OFFICE, item_id="disclosure_item"),
    "disclosure:handler_revoke": post(
        OFFICE, item_id="disclosure_item", grant_id="disclosure_grant", child="grant_id"
    ),
}

# Pages without arguments: each persona's GET must not show another tenant's records, nor a sibling
# unit's records that are not public within the tenant (``public`` names the kinds that are).
LIST_PAGES: dict[str, frozenset[str]] = {
    "home": frozenset(),
    "accounts:password_change": frozenset(),
    "accounts:initial_passwords": frozenset(),
    "accounts:initial_password_slips": frozenset(),
    "orgs:tree": frozenset(),
    "orgs:member_search": frozenset(),
    "roster:start": frozenset(),
    "roster:template": frozenset(),
    "campaigns:list": frozenset(),
    "campaigns:new": frozenset(),
    "campaigns:copy": frozenset(),
    "assignments:index": frozenset(),
    "meetings:index": frozenset(),
    "plans:index": frozenset(),
    "plans:office_list": frozenset(),
    "study:index": frozenset(),
    "study:new": frozenset(),
    "documents:notice_list": frozenset(),
    "documents:notice_new": frozenset(),
    "documents:series": frozenset(),
    "notifications:inbox": frozenset(),
    "projects:list": frozenset({"project"}),
    "pledges:mine": frozenset(),
    "pledges:write": frozenset(),
    "pledges:rating_settings": frozenset(),
    "pledges:to_rate": frozenset(),
    "activities:list": frozenset(),
    "supervision:index": frozenset(),
    "coverage:index": frozenset(),
    "coverage:targets": frozenset(),
    "voting:index": frozenset(),
    "selections:index": frozenset(),
    "selections:new": frozenset(),
    "selections:type_list": frozenset(),
    "selections:type_new": frozenset(),
    "selections:records": frozenset(),
    "selections:judging": frozenset(),
    "publicnotice:index": frozenset(),
    "proposals:mine": frozenset(),
    "congress:index": frozenset(),
    "congress:new": frozenset(),
    "appeals:index": frozenset(),
    "appeals:new": frozenset(),
    "appeals:inbox": frozenset(),
    "appeals:stats": frozenset(),
    "appeals:desks": frozenset(),
    "appeals:ledger": frozenset(),
    "appeals:matter_new": frozenset(),
    "disclosure:index": frozenset(),
    "disclosure:new": frozenset(),
    "disclosure:rights": frozenset(),
    "awards:exemplars": frozenset({""}),  # public in the school: the winner's and unit's names
    "awards:template": frozenset(),
    "audit:list": frozenset(),
    "workdays:index": frozenset(),
}

# Parameterless URLs not requested by the matrix, each with the reason.
NOT_REQUESTED: dict[str, str] = {
    "accounts:login": "public: the login page",
    "accounts:logout": "ends the test client's session",
    "set_language": "public: switches the language, shows no record",
    "favicon": "public: the site icon",
    "notifications:mark_all_read": "POST-only; marks the requester's own notices read",
    "selections:type_seed": "POST-only; the office adds the seed's six selection types to its own school",
    "workdays:year_confirm": "POST-only; the office confirms a year of its own school (the year is in the body; "
    "chuangxian/workdays/tests/test_views_years.py: 404 for anyone else)",
}
# Whole namespaces left out, with the reason (checked by test_admin_is_staff_only).
EXEMPT_NAMESPACES: dict[str, str] = {"admin": "Django admin: staff only, and no persona is staff"}

ROOT_PERSONAS = {"office", "leader"}
OWN_OFFICERS = {"chair", "liaison"}
MARKER_RE = re.compile(r"ZZ(OWN|CHD|SIB|OTH|HOME)([A-Za-z_]*)")


def allowed(reach: str, persona: str, target: str) -> bool | None:
    """Whether ``persona`` may use a URL of ``reach`` on the record of ``target``; None: it depends
    on more than the role (a plain member's view of their own unit), not asserted."""
    if persona == "anonymous" or target == OTHER or reach == NOBODY:
        return False
    if reach == IN_TENANT:
        return True
    if reach == JUDGE:
        return persona == "judge"
    if persona == "office":
        return True
    if reach == OFFICE:
        return False
    in_own = target in (OWN, CHILD)
    if reach == MANAGE:
        return persona in OWN_OFFICERS and in_own
    # VIEW
    if persona == "leader" or (persona in OWN_OFFICERS and in_own):
        return True
    if target == HOME:
        return False
    return None if in_own and persona not in OWN_OFFICERS else False


# --- the world, once per module -------------------------------------------------------------------


@dataclass
class Matrix:
    world: World
    sessions: dict[str, str]  # persona -> the key of a session logged in once for the module


@pytest.fixture(scope="module")
def matrix(django_db_setup: None, django_db_blocker: Any) -> Iterator[Matrix]:
    """The world and one session per persona, made once for the module and rolled back at its end;
    each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = world_build()
        world_awards(world)
        world_panels(world)
        world_appeals(world)
        world_disclosure(world)
        world_congress(world)
        sessions = {}
        for persona in PERSONAS:
            client = Client()
            client.force_login(world.users[persona])
            sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield Matrix(world, sessions)
        transaction.set_rollback(True)
    if REQUESTS:
        print(f"\npermission matrix: {sum(REQUESTS.values())} requests for {len(REQUESTS)} URLs")


def _records(world: World, case: Case, target: str) -> Any:
    if case.level == TENANT:
        return world.tenants[target]
    return world.places[target]


def _kwargs(case: Case, parent: Any, child: Any | None = None) -> dict[str, Any]:
    kwargs: dict[str, Any] = dict(case.extra)
    for arg, attribute in case.ids.items():
        source = child if child is not None and arg == case.child else parent
        kwargs[arg] = getattr(source, attribute).pk
    return kwargs


def _marker(target: str) -> str:
    return HOME_MARKER if target == HOME else MARKERS[target]


def _body(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


@dataclass
class Probe:
    """Requests of one URL as each persona: counts them and collects what went wrong."""

    matrix: Matrix
    name: str
    requests: int = 0
    problems: list[str] = field(default_factory=list)
    audit_before: int = field(default_factory=lambda: AuditEntry.objects.count())
    clients: dict[str, Client] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        """A fresh client per test (no cookie, no message carried over), on the persona's session."""
        if persona not in self.clients:
            self.clients[persona] = Client()
            if persona != "anonymous":
                self.clients[persona].cookies[settings.SESSION_COOKIE_NAME] = self.matrix.sessions[persona]
        return self.clients[persona]

    def writes(self) -> list[str]:
        """Every write leaves an audit entry in its transaction: none may have appeared."""
        written = AuditEntry.objects.count() - self.audit_before
        if not written:
            return []
        newest = AuditEntry.objects.order_by("-id")[:written]
        return [f"WROTE {entry.action} {entry.target_label!r} as {entry.actor_label}" for entry in newest]

    def send(self, persona: str, method: str, url: str) -> tuple[int, str, str]:
        response = getattr(self.client(persona), method)(url)
        self.requests += 1
        where = f"{method.upper()} {url} as {persona}"
        if response.status_code >= 500:
            self.problems.append(f"{where} answered {response.status_code}")
        location = response.get("Location", "")
        return response.status_code, location, _body(response)

    def refused(self, persona: str, case: Case, url: str, marker: str, methods: tuple[str, ...]) -> None:
        """The one "not found" (a redirect to log in for the anonymous), and not a trace of the record."""
        for method in methods:
            status, location, body = self.send(persona, method, url)
            where = f"{method.upper()} {url} as {persona}"
            if persona == "anonymous" and case.refused != 400:
                if status != 302 or not location.startswith(reverse("accounts:login")):
                    self.problems.append(f"{where} answered {status} {location}, not the login page")
            elif status != case.refused:
                self.problems.append(f"{where} answered {status}, not {case.refused}")
            if marker in body:
                self.problems.append(f"{where} LEAKED {marker}")

    def shown(self, persona: str, case: Case, url: str) -> None:
        status, _location, _body = self.send(persona, "get", url)
        if status != case.ok:
            self.problems.append(f"GET {url} as {persona} answered {status}, not {case.ok}")


def _methods(case: Case) -> tuple[str, ...]:
    """A ``require_POST`` view answers a GET with 405 before it looks anything up: POST only."""
    return ("post",) if case.post_only else ("get", "post")


def _shown_to(persona: str, case: Case, target: str) -> bool:
    """Whose GETs of what they may reach are made: the office on its own unit and the sibling (or its
    tenant), the chair on its unit and the group below; a PDF only once."""
    if case.post_only or (not case.page and not case.heavy):
        return False
    if case.heavy:
        return persona == "office" and target in (OWN, HOME)
    if case.reach == JUDGE:
        return persona == "judge" and target == HOME
    return (persona == "office" and target in (OWN, SIBLING, HOME)) or (
        persona == "chair" and target in (OWN, CHILD)
    )


# --- the matrix -------------------------------------------------------------------------------------

REQUESTS: dict[str, int] = {}


@pytest.mark.parametrize("name", sorted(PERMISSION_MATRIX))
def test_matrix(matrix: Matrix, db: None, name: str) -> None:
    case = PERMISSION_MATRIX[name]
    world = matrix.world
    probe = Probe(matrix, name)
    targets = (HOME, OTHER) if case.level == TENANT else (OWN, CHILD, SIBLING, OTHER)

    def url(target: str, child_of: str | None = None) -> str:
        child = _records(world, case, child_of) if child_of is not None else None
        return reverse(name, kwargs=_kwargs(case, _records(world, case, target), child))

    probe.refused("anonymous", case, url(targets[0]), _marker(targets[0]), ("get", "post"))
    for persona in PERSONAS:
        for target in targets:
            may = allowed(case.reach, persona, target)
            if may is False and not (target == CHILD and allowed(case.reach, persona, OWN) is False):
                probe.refused(persona, case, url(target), _marker(target), _methods(case))
            elif may is True and _shown_to(persona, case, target):
                probe.shown(persona, case, url(target))
        if case.child is not None and allowed(case.reach, persona, targets[0]):
            # A parent record the persona may reach with another place's child record: never found.
            for target in (OTHER,) if case.level == TENANT else (SIBLING, OTHER):
                methods = ("post",) if case.post_only else ("get",)
                probe.refused(persona, case, url(targets[0], child_of=target), _marker(target), methods)
    REQUESTS[name] = probe.requests
    problems = probe.problems + probe.writes()
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_list_pages_do_not_leak(matrix: Matrix, db: None, name: str, persona: str) -> None:
    probe = Probe(matrix, name)
    _status, _location, body = probe.send(persona, "get", reverse(name))
    assert not probe.problems + probe.writes(), probe.problems + probe.writes()
    seen = {(place, kind) for place, kind in MARKER_RE.findall(body)}
    other = sorted(kind for place, kind in seen if place == "OTH")
    assert not other, f"{name} shows another tenant's {other} to {persona}"
    if persona not in ROOT_PERSONAS:
        sibling = sorted(kind for place, kind in seen if place == "SIB" and kind not in LIST_PAGES[name])
        assert not sibling, f"{name} shows the sibling unit's {sibling} to {persona}"


# --- completeness: the URLconf and the matrix agree ----------------------------------------------------


def _walk(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, inner)
        else:
            yield f"{namespace}{pattern.name or ''}", pattern


def _urls() -> dict[str, set[str]]:
    """Every named URL of the URLconf with the names of its arguments, admin left out."""
    urls: dict[str, set[str]] = {}
    for name, pattern in _walk(get_resolver()):
        if name.split(":")[0] in EXEMPT_NAMESPACES:
            continue
        assert not name.endswith(":") and name, f"an unnamed URL {pattern.pattern}: name it and add it here"
        urls[name] = set(pattern.pattern.converters)
    return urls


def test_every_url_is_in_the_matrix() -> None:
    urls = _urls()
    missing = sorted(n for n, args in urls.items() if args and n not in PERMISSION_MATRIX)
    assert not missing, f"new page without a matrix entry: add it to PERMISSION_MATRIX: {missing}"
    plain = sorted(
        n for n, args in urls.items() if not args and n not in LIST_PAGES and n not in NOT_REQUESTED
    )
    assert not plain, f"new page without a matrix entry: add it to LIST_PAGES or NOT_REQUESTED: {plain}"


def test_the_matrix_names_only_urls_that_exist() -> None:
    urls = _urls()
    gone = sorted(n for n in [*PERMISSION_MATRIX, *LIST_PAGES, *NOT_REQUESTED] if n not in urls)
    assert not gone, f"the matrix names URLs that no longer exist: {gone}"
    wrong = {
        name: (sorted(urls[name]), sorted([*case.ids, *case.extra]))
        for name, case in PERMISSION_MATRIX.items()
        if set(urls[name]) != {*case.ids, *case.extra}
    }
    assert not wrong, f"the matrix builds other arguments than the URL takes: {wrong}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_staff_only(matrix: Matrix, db: None, persona: str) -> None:
    status, location, _body = Probe(matrix, "admin:index").send(persona, "get", reverse("admin:index"))
    assert status == 302
    assert location.startswith(reverse("admin:login"))
