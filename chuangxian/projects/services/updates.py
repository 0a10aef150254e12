"""A project's dated progress updates, with their photos and files."""

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import DomainError
from chuangxian.core.files import IMAGES_AND_DOCUMENTS, file_check
from chuangxian.projects.models import Project, ProjectUpdate, UpdateFile
from chuangxian.projects.services._common import MAX_FILES, ProjectError, Upload, _locked_project


def _check_uploads(uploads: Sequence[Upload]) -> None:
    """Every file checked before anything is written. Raises ProjectError 'too_many_files' or a
    file-check code, on the field 'attachments'."""
    if len(uploads) > MAX_FILES:
        raise ProjectError(
            code="too_many_files",
            message=_("一次最多上传 %(n)s 个文件。") % {"n": MAX_FILES},
            field="attachments",
        )
    for upload in uploads:
        try:
            file_check(upload.content, name=upload.name, allowed=IMAGES_AND_DOCUMENTS)
        except DomainError as error:
            raise ProjectError(code=error.code, message=error.message, field="attachments") from error


def project_update_date_check(day: date) -> None:
    """A progress entry is dated today or earlier. Raises ProjectError 'future_date'; UpdateForm runs
    it too."""
    if day > clock.today():
        raise ProjectError(code="future_date", message=_("进展日期不能晚于今天。"), field="date")


@transaction.atomic
def project_update_add(
    *, project: Project, day: date, text: str, uploads: Sequence[Upload] = (), actor: Actor
) -> ProjectUpdate:
    """Add a dated progress entry with photos and files to the project's timeline.

    Every file is checked before anything is written, so a refused file leaves nothing saved.
    Locks the project row.
    Raises Refused 'forbidden'; ProjectError 'text_required', 'future_date', 'too_many_files', a file-check
    code ('empty', 'too_large', 'forbidden_type', 'bad_extension', 'type_mismatch');
    PhaseClosedError.
    """
    project = _locked_project(project, actor)
    if not text.strip():
        raise ProjectError(code="text_required", message=_("请填写进展情况。"), field="text")
    project_update_date_check(day)
    _check_uploads(uploads)
    author = login_of(actor)
    entry = ProjectUpdate.objects.create(
        tenant_id=project.tenant_id,
        project=project,
        date=day,
        text=text.strip(),
        author=author,
        author_name=(author.get_full_name() or author.get_username())[:150] if author else "",
    )
    for upload in uploads:
        item = UpdateFile(tenant_id=project.tenant_id, update=entry)
        # Stored under a random name with the checked kind's extension: the user's name is a label.
        item.attach(upload.content, name=upload.name, allowed=IMAGES_AND_DOCUMENTS, uploaded_by=author)
        item.save()
    audit_record(
        actor=actor,
        action="projects.update.added",
        target=project,
        unit=project.unit,
        data={"date": day, "files": [u.name for u in uploads]},
    )
    return entry
