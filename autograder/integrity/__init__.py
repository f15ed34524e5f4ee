"""Code similarity across a class (`aimath similarity`): evidence for a person, never a verdict.

Pipeline, one module per step: `source` reads each student's own code (the only user of the
intake loaders), `tokens` normalises it, `winnow` fingerprints it, `compare` scores pairs
through an inverted index and locates the shared regions, `analyse` runs it all and writes
similarity.json (`model`) and similarity.html (`page`); `section` gives the class report its
summary and `templates/report_section.html.j2`.

Why a small implementation of our own rather than copydetect (which also winnows): its
k-grams are k characters of Pygments-filtered text, where ours are k of Python's own tokens
from `tokenize` (an f-string is one string, a docstring is told apart and dropped); it hashes
with Python's string hash, which changes from process to process, so the fingerprints chosen,
and a score near the threshold, could differ between two runs, where ours are fixed; and it
would bring Pygments, tqdm and its own HTML report while we still need notebook cells, the
starter code and common code excluded, line ranges on both sides and typed records. What it
would save us is about forty lines (`winnow.py`); we add no dependency.

Lines: a `.py` file is numbered by its own lines; a notebook by its code cells laid end to end
(empty cells left out, no separator lines), so line 1 is the first line of the first code
cell; similarity.json's `files` and the page's "cell N" markers map them back to cells.
"""
