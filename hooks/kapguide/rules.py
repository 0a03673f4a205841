"""Every rule the build checks: its name, the module that holds it, what it means and how to fix it.

This is the one list: ``extra.checks.disable`` accepts these names, the build report links each
finding to its entry, and the rules table in CONTRIBUTING.md ("How to read a failed check") is made
from it (``python scripts/rules_table.py --write``; a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    module: str    # the module in hooks/kapguide/ that holds the rule
    meaning: str
    fix: str
    common: bool = True  # in the table of common rules (False: listed below it)


RULES: dict[str, Rule] = {
    'front-matter': Rule(
        'pagemeta.py',
        'A field at the top of the page is missing, misspelled or has a wrong value (for example `status: done`, or a description over 160 characters).',
        'Follow the message. Check the spelling of field names and see [Front matter](#front-matter-the-fields-at-the-top-of-a-page).'),
    'yaml': Rule(
        'frontmatter.py',
        'The front matter could not be read, a field appears twice, or it uses YAML shortcuts (`&name`, `*name`) that pages do not allow.',
        'Check that line: each field is `name: value` once, text with a colon is in quotes, and lists are in square brackets `[a, b]`.'),
    'heading': Rule(
        'structure.py',
        'No `# ` heading, more than one, a `# ` heading that is not the same as the `title`, or a skipped heading level.',
        'Keep one `# ` heading, the same text as `title`. Go down one level at a time: `##`, then `###`.'),
    'nav': Rule(
        'menu_files.py',
        "A menu file (`.nav.yml`) names a page that is not there (a misspelt name, or a page that was removed), or has another mistake; or a page is not in the menu, so patients cannot find it.",
        'Correct the file name on that line of the `.nav.yml` (the name only, without the folder), or delete the line if the page was removed.'),
    'required-page': Rule(
        'structure.py',
        'A page that every section must have is missing.',
        'Put the page back. (Only the site maintainer changes the list, under `extra.checks.sections`.)'),
    'warning-signs-link': Rule(
        'structure.py',
        'The page shows the warning signs but does not link to the Get help now page.',
        'Add `[Get help now](../get-help-now.md)` in the same care card.'),
    'worksheet-ref': Rule(
        'structure.py',
        'The `worksheets:` field names a worksheet that does not exist.',
        'Correct the id. The message lists the ids that exist.'),
    'image-alt': Rule(
        'structure.py',
        'An image has no description.',
        'Write what it shows in the brackets: `![A calm room](...)`.'),
    'unsafe-html': Rule(
        'html_sanitizer.py',
        'The page contains HTML code that is not allowed, such as `<script>`, `<iframe>`, `<form>` or `<svg>`, an `onclick`-style attribute, a `javascript:` link, an image or video from another website, an address with a tab, a line break or a `\\` in it (browsers read those differently), or an id the site itself uses (a heading\'s words can make one). The site has already removed it from the published page; the message says what was removed.',
        'Remove it from the file. Save images in `docs/assets/images/`. Contact details and worksheets are added by the site itself. For a heading, reword it or give it an id of its own: `## Words { #my-id }`.'),
    'plain-text': Rule(
        'plain_text.py',
        "A front matter field (such as `title`, `description` or `reviewed_by`), a worksheet's text or a setting holds HTML code or a code such as `&amp;`. These fields are plain text: patients would see the code as typed.",
        'Write the words only. Type `&`, `©` or `é` directly.'),
    'unsafe-file': Rule(
        'published_files.py',
        'A file under `docs/` that is not a page, worksheet or shared text, and is not a picture, PDF, stylesheet or font (for example a notes file, an `.html` file or a script: the site\'s own scripts are in `overrides/`); a link to a file outside `docs/` or to nothing; or an SVG picture that is broken, holds a script, or loads something from another file or site (checked in `svg_picture_check.py`). It is not published. A link to a folder outside `docs/` or to the folder that holds it, or a `docs_dir` that is a link, stops the build before the pages are read.',
        'Remove the file, or move notes out of `docs/`. Replace a link with the file itself. Export drawings again as plain SVG or PNG. See [Add a picture](#add-a-picture).'),
    'picture': Rule(
        'svg_picture_check.py',
        'An SVG picture is over 10 KB, or has no `<title>` (the words a screen reader says for it).',
        'Add a `<title>`, or simplify the drawing. See [Add a picture](#add-a-picture).'),
    'privacy': Rule(
        'privacy.py',
        "A setting or file would make patients' browsers contact another website (fonts from Google, analytics, a script or logo from another site, diagrams from a CDN).",
        'Ask the site maintainer. Save the file under `docs/assets/` instead, or remove the setting.'),
    'reading-grade': Rule(
        'readability.py',
        'The page reads above grade 8 (the message names its hardest paragraphs), or one paragraph reads far above it. A Spanish page reads below INFLESZ 65, or one paragraph below 40 (see [Writing rules](#writing-rules)).',
        'Use shorter sentences and everyday words. Explain or replace long medical words.'),
    'long-sentence': Rule(
        'readability.py',
        'A sentence has more than 25 words.',
        'Split it into two or three sentences.'),
    'long-paragraph': Rule(
        'readability.py',
        'A paragraph or list item has more than 120 words.',
        'Keep one idea per paragraph. Split it.'),
    'review': Rule(
        'pagemeta.py',
        'An approved page or worksheet is missing `reviewed`, `review_due` or `reviewed_by`; a date is not a real date, is in the future, or `review_due` is not after `reviewed`; or the site requires approval and the page or worksheet is still a draft.',
        'Add or correct the review fields (dates as `YYYY-MM-DD`). Or have a clinician review the draft.'),
    'review-overdue': Rule(
        'pagemeta.py',
        "The page's or worksheet's `review_due` date has passed.",
        'Ask a clinician to review it, then update `reviewed` and `review_due`.'),
    'link': Rule(
        'links.py',
        'A link leads to a page or file that does not exist, starts with `/`, or points outside the site.',
        "Correct the link. Link to the page's `.md` file, relative to your page, for example `../get-help-now.md`."),
    'link-fragment': Rule(
        'links.py',
        'A link points to a part of a page (after `#`) that does not exist.',
        'On the site, hover over the heading you want and click the ¶ sign next to it; use the part after `#` from the address.'),
    'contact-link': Rule(
        'links.py',
        'A phone, text or email link cannot be dialled or sent, or an email link adds recipients patients do not see (`?bcc=`, `?cc=`).',
        'Remove phone numbers from the page (they come from the settings). If the message names `extra.clinic`, the site maintainer fixes the settings.'),
    'snippet': Rule(
        'snippet_refs.py',
        'The page includes shared text that does not exist (usually a misspelled name) or that is not in `docs/_snippets/`; or shared text includes shared text more than 3 levels deep, or so often that the page would bring in more than 50 shared texts.',
        'Use `--8<-- "warning-signs.md"` exactly, with the name of a file in `docs/_snippets/`. Include shared text from the page itself.'),
    'worksheet': Rule(
        'worksheet_model.py',
        'A worksheet file has a mistake (unknown kind or setting, missing label, bad id, an id the site uses for its own files such as `index` or `workbook`, two questions with the same id, a grid too big to print), or it prints on more pages than its `pages` allow.',
        'Follow the message. Compare with `docs/templates/worksheet.yml`. Shorten the worksheet, or raise `pages`.'),
    'urgency': Rule(
        'urgency.py',
        'A sentence says when to get help in words other than the three levels ("straight away", "urgently", "soon", or the team "now"), or the page lists a sign of danger without the shared warning-signs text.',
        'Use "call the emergency number or a crisis line now", "contact your treatment team today" or "at your next visit". Put the short box `--8<-- "when-to-get-help.md"` in a care card. See [Writing rules](#writing-rules).'),
    'phone-number': Rule(
        'phone_numbers.py',
        'A phone number is written into a page ("call 988", "03 5550 4120"). Numbers come only from the settings, so that one change reaches every page.',
        'Name the line instead ("the clinic", "a crisis line", "the emergency number"): every page shows the numbers from `extra.clinic` in its "Need help now?" box.'),
    'treatment-token': Rule(
        'treatment.py',
        'A clinic-rule token such as `{{ treatment.driving }}` is misspelled, or is not on a line of its own; or a rule set in `extra.clinic.treatment` is shown on no page.',
        'Use one of the names in the message, on its own line with a blank line before it. For a rule no page shows: put its token back on the page where it matters, or remove the setting.'),
    'plain-words': Rule(
        'plain_words.py',
        'A medical or formal word that many readers do not know ("emesis", "nil per os", "prior to").',
        'Use the plain words the message gives, or explain the word in brackets right after it. Clinics add words to `plain-words.yml` (Spanish pages: `plain-words.es.yml`).'),
    'search-words': Rule(
        'patient_search.py',
        'A line of `search-words.yml` (the everyday words patients search with) cannot be used: the file is not valid YAML, a line has no words after its colon, or it has a block other than `synonyms:` and `crisis:`.',
        'Write `everyday words: the guide\'s words` with words the pages use, as the other lines do. See [How search works](#how-search-works).'),
    'spelling': Rule(
        'spelling.py',
        'A word is spelled the other way ("colour" on a US site) or is a common misspelling. English pages only.',
        'Write the word as the message says. If it is right as written (a place name), the site maintainer adds it to `extra.checks.spelling_ignore`.'),
    'translation': Rule(
        'translation_parity.py',
        'A page, worksheet or shared text has no translation in the other language\'s folder (or a translation has no original); a translated page lacks a shared text (`--8<--`) or clinic rule (`{{ treatment.* }}`) that its English page has; or its English page changed since it was checked (`source_hash`).',
        'Add the missing file or line where the message says. When the English page changed, make the translation say the same, then set the `source_hash` the message gives. See [Pages in two languages](#pages-in-two-languages).'),
    'file-encoding': Rule(
        'frontmatter.py',
        'The file is not plain text.',
        'Save it again as a plain text file (UTF-8).', common=False),
    'settings': Rule(
        'settings_model.py',
        'A mistake in `mkdocs.yml`: a setting this guide does not know, a wrong kind of value, a YAML mistake, a menu entry written with `docs/`, or a file or folder it names outside the project (or a list of words over 1 MB).',
        'Follow the message; it names the line. Ask the site maintainer if you are unsure.', common=False),
    'clinic-settings': Rule(
        'clinic.py',
        "A mistake in the clinic's details (`extra.clinic`): a missing name or phone number, a number a phone cannot dial, a colour that is hard to read.",
        'The site maintainer corrects the CLINIC SETTINGS block in `mkdocs.yml`.', common=False),
    'external-link': Rule(
        'links.py',
        "A link to another website did not answer, or leads to the build machine's own network (such links are never requested). These are only checked when the site maintainer turns that check on.",
        'Check the address in a browser; correct or remove the link.', common=False),
}


def _rows(common: bool) -> list[str]:
    return [f"| `{name}` | {rule.meaning} | {rule.fix} | `hooks/kapguide/{rule.module}` |"
            for name, rule in RULES.items() if rule.common is common]


def table() -> str:
    """The tables of common and rarer rules for CONTRIBUTING.md ("How to read a failed check")."""
    head = ["| Rule | What it means | How to fix it | Checked in |", "|---|---|---|---|"]
    return "\n".join(head + _rows(True) + ["", "Rarer messages:", ""] + head + _rows(False)) + "\n"
