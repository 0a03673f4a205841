"""The English reading check counts syllables from a small kept file (hooks/kapguide/syllable_counts.py): the
grades must be exactly textstat's own, and a file that is not a list of counts is never used."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

TEXTS = ["You can rest now. Your team is here with you, and the room is quiet.",
         "Antiemetic prophylaxis reduces postoperative emesis considerably in susceptible individuals.",
         "Write down what you noticed: colours, memories, feelings. Bring the notes to your next integration session."]

GRADES = """
import json, sys
sys.path.insert(0, {hooks!r})
if {kept!r}:
    from kapguide.syllable_counts import use_kept_counts
    use_kept_counts()
from textstat.backend import metrics
print(json.dumps([metrics.flesch_kincaid_grade(text, "en_US") for text in {texts!r}]))
"""


def grades(tmp_path, kept: bool) -> list[float]:
    code = GRADES.format(hooks=str(REPO / "hooks"), kept=kept, texts=TEXTS)
    env = {"KAP_GUIDE_SHARED_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_kept_counts_give_textstats_own_grades_and_are_made_once(tmp_path):
    own = grades(tmp_path, kept=False)
    assert grades(tmp_path, kept=True) == own  # made from the dictionary this time
    (made,) = tmp_path.glob("syllables-cmudict-*.json")
    assert json.loads(made.read_text(encoding="utf-8"))["considerably"] == 5
    assert grades(tmp_path, kept=True) == own  # read from the file


def test_a_file_that_is_not_counts_is_made_again(tmp_path):
    own = grades(tmp_path, kept=False)
    grades(tmp_path, kept=True)
    (made,) = tmp_path.glob("syllables-cmudict-*.json")
    made.write_text(json.dumps({"considerably": 1, "individuals": "__import__('os')"}), encoding="utf-8")
    assert grades(tmp_path, kept=True) == own
    assert json.loads(made.read_text(encoding="utf-8"))["considerably"] == 5
