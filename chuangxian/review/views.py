"""The 修改记录/对比 page any app with a review cycle can show: its versions, a compare of two of
them, and its decisions. The app's own view fetches the subject (``access_*``, a 404 for missing
and forbidden alike), checks who may see its history, and calls ``history_page``."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from chuangxian.core.http import AuthedRequest
from chuangxian.review.diff import compare_pair, fields_diff
from chuangxian.review.selectors import decisions_of, revisions_of


def history_page(request: AuthedRequest, *, subject: Any, title: str, back_url: str) -> HttpResponse:
    versions = revisions_of(subject)
    old, new = compare_pair(versions, request.GET)
    diff = fields_diff(old.fields, new.fields) if old is not None and new is not None else None
    return render(
        request,
        "review/history.html",
        {
            "title": title,
            "back_url": back_url,
            "versions": versions,
            "old": old,
            "new": new,
            "diff": diff,
            "decisions": decisions_of(subject),
        },
    )
