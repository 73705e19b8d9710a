"""Every warning code the pipeline can emit, each with its one-line meaning.

Defined once here: the JSON Schema publishes the codes as an enum (with these
descriptions), :class:`pipeline.models.Warning` rejects any other code, and a test
checks that every code written in ``pipeline/`` is listed. A branch that adds a
code adds one line here. Kept free of imports so the CLI can read it cheaply.
"""

from __future__ import annotations

WARNING_CODES: dict[str, str] = {
    # extraction
    "no_text_layer": "a PDF page has images but no text layer (scanned); its text is not in the output",
    "blank_page": "a PDF page has neither text nor images",
    "page_error": "a PDF page could not be read and was skipped (page count stays right)",
    "table_error": "the ruled tables of a page could not be read; its lines are kept as plain text",
    "unmapped_glyphs": "glyphs whose font gives no Unicode mapping, shown as U+FFFD (counts per page in the message)",
    "inferred_page_breaks": "text input without form feeds: pages inferred from runs of empty lines",
    "layout_text": "text input that keeps its columns as runs of spaces (pdftotext -layout): read with boxes from the character grid",
    "layout_region_unplaced": "layout text: a region of aligned columns without a header row; its lines read one by one",
    "garbled_vertical_text": "vertical text interleaved with another column by the extractor; kept unordered, not guessed",
    # segmentation
    "impossible_date": "a printed date that does not exist (or does not fall on its printed weekday); not converted",
    "ledger_violation": "a line claimed outside its block, claimed twice, or ending nowhere (a bug: the line is kept in texts)",
    "unclassified_page": "a page with no agenda, material list, plan table or opinion sheet; its lines are kept in texts",
    "unattributed_opinion": "opinions with no submitter line after them",
    "orphan_plan_item": "a plan item whose parent level is missing; kept as a goal",
    "numbering_gap": "a plan item whose number does not follow its previous sibling",
    "unplaced_plan_text": "text in a plan table that could not be placed in the hierarchy; kept as context",
    "roster_columns_lost": "a ruled roster read from text without layout: its columns cannot be re-associated; members kept as text",
}
