"""Simplified Chinese by default; English through the language switch."""

from django.urls import reverse


def test_login_page_is_chinese_by_default(client, db):
    assert "登录" in client.get(reverse("accounts:login")).content.decode()


def test_switching_to_english(client, tree, personas):
    client.force_login(personas.member)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "Change password" in page
    assert "修改密码" not in page


def test_every_english_message_is_translated():
    from pathlib import Path

    from django.conf import settings

    po = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    untranslated = [e for e in entries if 'msgstr ""\n' in e + "\n" and e.rstrip().endswith('msgstr ""')]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == []
    assert fuzzy == []
