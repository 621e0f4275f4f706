"""The French catalogue: complete, faithful to its placeholders, compiled, and used by the pages.

The product is French first: every English msgid has a checked French msgstr, the compiled
`django.mo` (committed, since a fresh machine may lack gettext) says exactly what the `.po`
says, and a French browser gets French while an English one gets English.
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

# %(name)s, %s, %d, %.2f … ("%%" is a literal percent sign, removed before matching)
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def label(self) -> str:
        return repr(self.msgid)


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip())


@cache
def po_entries() -> tuple[Entry, ...]:
    """A minimal PO reader: enough for the files xgettext and msgmerge write."""
    entries = []
    for block in re.split(r"\n\s*\n", PO_PATH.read_text(encoding="utf-8")):
        if not block.strip():
            continue
        entry, target = Entry(), None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith("msgctxt "):
                target, entry.msgctxt = ("msgctxt", None), _unquote(line[8:])
            elif line.startswith("msgid_plural "):
                target, entry.msgid_plural = ("msgid_plural", None), _unquote(line[13:])
            elif line.startswith("msgid "):
                target, entry.msgid = ("msgid", None), _unquote(line[6:])
            elif line.startswith("msgstr["):
                index, text = re.fullmatch(r"msgstr\[(\d+)\] (.*)", line).groups()
                target = ("msgstr", int(index))
                entry.msgstr[int(index)] = _unquote(text)
            elif line.startswith("msgstr "):
                target, entry.msgstr[0] = ("msgstr", 0), _unquote(line[7:])
            elif line.startswith('"'):
                name, index = target
                if name == "msgstr":
                    entry.msgstr[index] += _unquote(line)
                else:
                    setattr(entry, name, getattr(entry, name) + _unquote(line))
        entries.append(entry)
    return tuple(entries)


def messages() -> list[Entry]:
    return [e for e in po_entries() if e.msgid and not e.obsolete]


def header() -> dict[str, str]:
    head = next(e for e in po_entries() if e.msgid == "")
    return dict(line.split(": ", 1) for line in head.msgstr[0].splitlines() if ": " in line)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def test_catalogue_is_french_with_the_french_plural_rule():
    head = header()
    assert head["Language"] == "fr"
    assert head["Content-Type"] == "text/plain; charset=UTF-8"
    assert head["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert len(messages()) > 1000


def test_every_entry_is_translated_and_checked():
    untranslated = [
        e.label for e in messages() if not e.msgstr or any(not text for text in e.msgstr.values())
    ]
    fuzzy = [e.label for e in messages() if "fuzzy" in e.flags]
    header_entry = next(e for e in po_entries() if e.msgid == "")
    assert untranslated == []
    assert fuzzy == []
    assert "fuzzy" not in header_entry.flags


def test_plural_entries_have_both_french_forms():
    incomplete = [e.label for e in messages() if e.msgid_plural and sorted(e.msgstr) != [0, 1]]
    assert incomplete == []


def test_placeholders_are_kept_in_the_translation():
    """Same names and kinds; in French the singular also serves 0, so it takes the plural's."""
    wrong = []
    for e in messages():
        if e.msgid_plural:
            expected = sorted(set(placeholders(e.msgid)) | set(placeholders(e.msgid_plural)))
            for text in e.msgstr.values():
                if sorted(set(placeholders(text))) != expected:
                    wrong.append((e.label, text))
        elif set(placeholders(e.msgid)) != set(placeholders(e.msgstr[0])):
            wrong.append((e.label, e.msgstr[0]))
    assert wrong == []


def test_html_tags_are_kept_in_the_translation():
    tags = re.compile(r"</?[a-zA-Z][^>]*>")
    wrong = [
        e.label
        for e in messages()
        if not e.msgid_plural and sorted(tags.findall(e.msgid)) != sorted(tags.findall(e.msgstr[0]))
    ]
    assert wrong == []


def test_compiled_catalogue_says_what_the_po_says():
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in messages():
        if e.msgid_plural:
            for n, index in ((1, 0), (2, 1)):
                if e.msgctxt is None:
                    got = compiled.ngettext(e.msgid, e.msgid_plural, n)
                else:
                    got = compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                if got != e.msgstr[index]:
                    stale.append(e.label)
        else:
            if e.msgctxt is None:
                got = compiled.gettext(e.msgid)
            else:
                got = compiled.pgettext(e.msgctxt, e.msgid)
            if got != e.msgstr[0]:
                stale.append(e.label)
    assert stale == []


def test_django_translates_with_the_project_catalogue():
    from django.utils import translation

    with translation.override("fr"):
        assert translation.gettext("sold out") == "épuisé"
        assert translation.gettext("Check out") == "Commander"
        assert translation.gettext("Monday") == "lundi"
        assert translation.ngettext("%(n)s order", "%(n)s orders", 0) % {"n": 0} == "0 commande"
        assert translation.ngettext("%(n)s order", "%(n)s orders", 2) % {"n": 2} == "2 commandes"
    with translation.override("en"):
        assert translation.gettext("sold out") == "sold out"


def nav_labels(page: str) -> set[str]:
    """The texts of the links in the page's navigation bar ("Basket (2)" → "Basket")."""
    nav = re.search(r"<nav.*?</nav>", page, re.S)
    assert nav, "the page has no navigation"
    return {
        re.sub(r"\s*\(.*", "", label).strip() for label in re.findall(r"<a [^>]*>([^<]*)", nav[0])
    }


def test_storefront_speaks_french_to_a_french_browser(panier_client):
    page = panier_client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").content.decode()
    assert '<html lang="fr">' in page
    assert {"Boutique", "Producteurs", "Panier"} <= nav_labels(page)


def test_storefront_speaks_french_when_the_browser_says_nothing(panier_client):
    page = panier_client.get("/").content.decode()
    assert {"Producteurs", "Panier"} <= nav_labels(page)


def test_storefront_speaks_english_to_an_english_browser(panier_client):
    page = panier_client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page
    labels = nav_labels(page)
    assert {"Shop", "Producers", "Basket"} <= labels
    assert "Panier" not in labels
