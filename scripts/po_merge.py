"""Fill samsyn/locale/sv/LC_MESSAGES/django.po from JSON files of msgid -> Swedish.

Usage: python scripts/po_merge.py [--po samsyn/<app>/locale/sv/LC_MESSAGES/django.po] translations.json [...];
then `make messages`-style compile. scripts/messages APP does it all for one app.
A plural entry is keyed "singular||plural" with a [one, many] list.
"""

import json
import sys

import polib

PO = "samsyn/locale/sv/LC_MESSAGES/django.po"
args = sys.argv[1:]
if args[:1] == ["--po"]:
    PO, args = args[1], args[2:]

po = polib.pofile(PO)
table = {}
for path in args:
    with open(path, encoding="utf-8") as f:
        table.update(json.load(f))
missing = []
for entry in po:
    if "fuzzy" in entry.flags:
        # makemessages guessed from a similar message; a guess is not a translation.
        entry.msgstr = ""
        entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        entry.flags.remove("fuzzy")
    if entry.msgid_plural:
        value = table.get(f"{entry.msgid}||{entry.msgid_plural}")
        if value:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
    elif entry.msgid in table:
        entry.msgstr = table[entry.msgid]
    if not entry.translated():
        missing.append(entry.msgid)
po.save()
print("untranslated:", missing)
