from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def import_start(request: HttpRequest) -> HttpResponse:
    return redirect("home")
