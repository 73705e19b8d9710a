"""pdfminer's page interpreter with a cheaper operator loop, for the lean pdfplumber device.

Content-stream parsing is most of what pdfplumber costs, and most of that is
per token, not per glyph: pdfminer's ``PDFPageInterpreter.execute`` asks
``PSStackParser.nextobject`` for every operand, which pushes it on the parser's
stack, flushes it into a result list, pops it off again (three debug-log calls
on the way) and hands it back, and then rebuilds the operator's method name
(``"do_" + name`` with ``*``/``'``/``"`` replaced) and looks it up for every
operator. This loop reads the tokens itself: a plain operand (number, string,
name, boolean) goes straight on the argument stack, an operator's method and
argument count are looked up once per keyword, and everything with structure
(arrays, dictionaries, procedures, inline images ``BI``/``ID``) is handed back
to the parser's own ``nextobject``, so those keep pdfminer's code exactly. The
operators run are pdfminer's, in the same order, with the same arguments.

``nexttoken`` is pdfminer's without its debug-log call (one per token, about
a twentieth of the parse even with logging off). ``do_TJ`` passes the graphic state itself instead of a copy: pdfminer copies it
because an ``LTChar`` keeps it, and :class:`~.plumber_device.LeanDevice` does not.

Both rely on pdfminer internals (the parser's token queue and result list,
the interpreter's argument stack). So they are used only when the source of
every pdfminer function they stand in for or rely on is the one they were
written against (:func:`fast_loop_usable`, checked once); with any other
pdfminer the stock ``execute`` and ``do_TJ`` run, slower and still right.
``tests/test_pdf_objects.py`` compares the result with pdfplumber's own
``page.chars`` and ``page.edges`` and runs the fallback.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, cast

from pdfminer import psparser, settings
from pdfminer.pdfdevice import PDFTextSeq
from pdfminer.pdfinterp import PDFContentParser, PDFInterpreterError, PDFPageInterpreter, PDFStackT
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psexceptions import PSEOF
from pdfminer.psparser import KWD, PSKeyword, PSLiteral, keyword_name

log = logging.getLogger("pdfminer.pdfinterp")  # pdfminer's own warnings, under its own name

# PSStackParser.nextobject's "normal token": pushed as it is.
_OPERAND = (int, float, bool, str, bytes, PSLiteral)
# Tokens nextobject or PDFContentParser.do_keyword give structure to: left to them.
_STRUCTURE = frozenset(
    {
        psparser.KEYWORD_ARRAY_BEGIN,
        psparser.KEYWORD_ARRAY_END,
        psparser.KEYWORD_DICT_BEGIN,
        psparser.KEYWORD_DICT_END,
        psparser.KEYWORD_PROC_BEGIN,
        psparser.KEYWORD_PROC_END,
        KWD(b"BI"),
        KWD(b"ID"),
    }
)

# The pdfminer code this module reproduces or relies on, and the SHA-256 of its
# source (pdfminer.six 20260107). Another version falls back to the stock code.
_RELIED_ON: tuple[Callable[..., Any], ...] = (
    PDFPageInterpreter.execute,
    PDFPageInterpreter.do_TJ,
    PDFPageInterpreter.push,
    PDFPageInterpreter.pop,
    PDFContentParser.do_keyword,
    PDFContentParser.flush,
    psparser.PSStackParser.nextobject,
    psparser.PSBaseParser.nexttoken,
)
_KNOWN_SOURCE = "e9b0f7ed3f9db2703b1222e149400b9f9bb18a7de9495cb544dbc3fba995431b"

Operator = tuple[Callable[..., None], int] | None


class _ContentParser(PDFContentParser):
    """``PDFContentParser`` whose ``nexttoken`` is pdfminer's without its per-token debug-log call."""

    def nexttoken(self) -> tuple[int, psparser.PSBaseParserToken]:
        if self.eof:
            raise PSEOF("Unexpected EOF")
        while not self._tokens:
            try:
                changed_stream = self.fillbuf()
                if changed_stream and self._curtoken:
                    self._parse1(b"\n", 0)  # a token cut at a stream boundary ends there (pdfminer #1157)
                else:
                    self.charpos = self._parse1(self.buf, self.charpos)
            except PSEOF:
                self.charpos = self._parse1(b"\n", 0)  # end a token cut by the end of data, raise next time
                self.eof = True
                if not self._tokens:
                    raise
        return self._tokens.pop(0)


def source_digest() -> str:
    """SHA-256 of the source of the pdfminer functions this module depends on."""
    digest = hashlib.sha256()
    for func in _RELIED_ON:
        digest.update(inspect.getsource(func).encode())
    return digest.hexdigest()


@cache
def fast_loop_usable() -> bool:
    """True when the installed pdfminer is the one the fast loop was checked against."""
    try:
        return source_digest() == _KNOWN_SOURCE
    except (OSError, TypeError):  # no source shipped (zipped or compiled install)
        return False


class LeanInterpreter(PDFPageInterpreter):
    """``PDFPageInterpreter`` with the operator loop and ``do_TJ`` described above."""

    _operators: dict[PSKeyword, Operator] = {}

    def do_TJ(self, seq: PDFStackT) -> None:
        if not fast_loop_usable():
            return super().do_TJ(seq)
        if self.textstate.font is None:
            if settings.STRICT:
                raise PDFInterpreterError("No font specified!")
            return
        self.device.render_string(self.textstate, cast(PDFTextSeq, seq), self.graphicstate.ncs, self.graphicstate)

    def _operator(self, keyword: PSKeyword) -> Operator:
        """The method and argument count for an operator, as ``execute`` derives them, memoised."""
        found = self._operators.get(keyword, False)
        if found is not False:
            return cast(Operator, found)
        name = keyword_name(keyword)
        method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
        func = getattr(type(self), method, None)
        operator: Operator = None if func is None else (func, func.__code__.co_argcount - 1)
        self._operators[keyword] = operator
        return operator

    def execute(self, streams: Sequence[object]) -> None:
        if not fast_loop_usable():
            return super().execute(streams)
        # Circular-reference guard: pdfminer's, unchanged.
        valid_streams: list[PDFStream] = []
        self.stream_ids.clear()
        for item in streams:
            stream = stream_value(item)
            if stream.objid is None:
                log.warning("Execute called on non-indirect object (inline image?) %r", stream)
                continue
            if stream.objid in self.parent_stream_ids:
                log.warning("Refusing to execute circular reference to content stream %d", stream.objid)
            else:
                valid_streams.append(stream)
                self.stream_ids.add(stream.objid)
        try:
            parser = _ContentParser(valid_streams)
        except PSEOF:
            return  # empty page
        nexttoken = parser.nexttoken
        while True:
            obj: Any
            if parser.results:  # left over from a structured object (ID pushes the image and EI)
                (_, obj) = parser.results.pop(0)
            else:
                try:
                    (pos, token) = nexttoken()
                except PSEOF:
                    break
                if isinstance(token, _OPERAND):
                    self.argstack.append(token)
                    continue
                if token in _STRUCTURE or not isinstance(token, PSKeyword):
                    parser._tokens.insert(0, (pos, token))  # let nextobject read it
                    try:
                        (_, obj) = parser.nextobject()
                    except PSEOF:
                        break
                else:
                    obj = token
            if isinstance(obj, PSKeyword):
                operator = self._operator(obj)
                if operator is not None:
                    func, nargs = operator
                    if nargs:
                        args = self.pop(nargs)
                        if len(args) == nargs:
                            func(self, *args)
                    else:
                        func(self)
                elif settings.STRICT:
                    raise PDFInterpreterError(f"Unknown operator: {keyword_name(obj)!r}")
            else:
                self.push(obj)
