"""Find text that was decoded with the wrong encoding; repair it where the bytes allow.

Typical damage in saved pages:

* UTF-8 read as GBK/GB18030 (or Big5): ``通过`` becomes ``閫氳繃``. Encoding
  the garbled run back to GBK gives the original UTF-8 bytes, so it can be
  repaired exactly, unless the page lost bytes on the way (then ``�`` or
  ``?`` appear and only a probable reading can be offered);
* UTF-8 read as Latin-1/cp1252: ``通`` becomes ``é€š``; repaired the same way;
* GBK text decoded one byte off (a stray byte before it): every character is
  made of the halves of two neighbours, ``“以人為本”`` becomes ``耙匀藶楸尽``.
  Dropping one byte reads it again, but the characters at both ends are lost.

A garbled run is recognised by a cluster of characters that ordinary prose
hardly uses (see ``chars.py``), replacement characters, or single ASCII
letters glued between Chinese characters. A repair is applied only when it
is exact (a strict round trip) and turns rare characters into common ones;
otherwise the line is left as it is and flagged, with the probable reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import chars
from .lines import Line

MIN_RARE = 3  # rare characters needed before a cluster counts as garbled
MAX_GAP = 2  # common characters allowed between two rare ones in a cluster
MIN_DENSITY = 0.5  # share of rare characters among the letters of a cluster
GOOD_SHARE = 0.15  # a repaired text may have at most this share of rare characters

METHODS = {
    "gbk": "UTF-8 文字被当作 GBK 读取",
    "gb18030": "UTF-8 文字被当作 GB18030 读取",
    "big5": "UTF-8 文字被当作 Big5 读取",
    "cp1252": "UTF-8 文字被当作 Latin-1（windows-1252）读取",
    "gbk-shift": "GBK 文字错位一个字节读取",
}

_CONT = "".join(sorted(({bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0)} | {chr(b) for b in range(0x80, 0xC0)}) - {""}))
_LATIN_RUN = re.compile(f"(?:[\u00e0-\u00ef][{re.escape(_CONT)}]{{2}}|[\u00c2-\u00df][{re.escape(_CONT)}])+")


@dataclass
class Finding:
    line: int
    garbled: str
    fixed: str | None = None  # the repair that was applied
    reading: str | None = None  # probable original, not applied (bytes are missing)
    how: str = ""

    @property
    def repaired(self) -> bool:
        return self.fixed is not None


def _letters(text: str) -> int:
    return sum(1 for ch in text if chars.is_letter(ch))


def _plausible(text: str, *, lossless: bool) -> bool:
    letters = _letters(text)
    if letters == 0:
        return False
    bad = text.count("\ufffd")
    if lossless and bad:
        return False
    if bad > max(1, letters // 3):
        return False
    return chars.rare_share(text) <= (GOOD_SHARE if lossless else 0.25)


def _marks(text: str) -> list[bool]:
    rare = chars.rarity(text)
    out = []
    for i, ch in enumerate(text):
        glued = (
            ch.isascii() and ch.isalpha() and 0 < i < len(text) - 1
            and chars.is_letter(text[i - 1]) and chars.is_letter(text[i + 1])
        )
        out.append(rare[i] or glued or ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return out


def garbled_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every cluster of text that looks garbled."""
    marks = _marks(text)
    rare = chars.rarity(text)
    positions = [i for i, m in enumerate(marks) if m]
    clusters: list[list[int]] = []
    for i in positions:
        if clusters and i - clusters[-1][-1] <= MAX_GAP + 1:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    spans = []
    for cluster in clusters:
        s, e = cluster[0], cluster[-1] + 1
        span = text[s:e]
        letters = sum(1 for ch in span if chars.is_letter(ch) or ch == "\ufffd") or 1
        # GBK read a byte off leaves short bursts: a rare character next to a letter of ASCII
        # that was half of a double-byte character (難點；鶎狱h組織)
        burst = any(rare[i] for i in cluster) and any(text[i].isascii() for i in cluster)
        if "\ufffd" in span or burst or (len(cluster) >= MIN_RARE and len(cluster) / letters >= MIN_DENSITY):
            # a "?" right before or after usually stands for a lost byte
            while s > 0 and text[s - 1] == "?":
                s -= 1
            while e < len(text) and text[e] == "?":
                e += 1
            spans.append((s, e))
    return spans


def _latin_bytes(text: str) -> bytes:
    """Bytes of text read as windows-1252 the way browsers do (undefined bytes as C1 controls)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                raise
            out.append(ord(ch))
    return bytes(out)


def _round_trip(text: str, method: str, *, strict: bool) -> str | None:
    errors = "strict" if strict else "replace"
    try:
        if method == "gbk-shift":
            raw = text.encode("gbk", errors=errors)[1:]
            if len(raw) % 2 and strict:
                raw = raw[:-1]
            return raw.decode("gbk", errors=errors)
        raw = _latin_bytes(text) if method == "cp1252" else text.encode(method, errors=errors)
        return raw.decode("utf-8", errors=errors)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def _non_ascii_run(text: str, s: int, e: int) -> tuple[int, int]:
    while s > 0 and not text[s - 1].isascii():
        s -= 1
    while e < len(text) and not text[e].isascii():
        e += 1
    return s, e


def _spans(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Where a garbled run found at [s, e) may really begin and end, most likely first."""
    spans = [_non_ascii_run(text, s, e)]
    spans += [(a, b) for a in range(s - 2, s + 2) for b in range(e - 1, e + 3) if 0 <= a < b <= len(text)]
    out = []
    for a, b in dict.fromkeys(spans):
        part = text[a:b].strip("?")
        if part:
            a = text.index(part, a)
            out.append((a, a + len(part)))
    return list(dict.fromkeys(out))


def _try_exact(text: str, s: int, e: int, methods: tuple[str, ...]) -> tuple[int, int, str, str] | None:
    """The best exact repair of a span around [s, e): (start, end, repaired, method)."""
    best = None
    for a, b in _spans(text, s, e):
        part = text[a:b]
        for method in methods:
            fixed = _round_trip(part, method, strict=True)
            if fixed and fixed != part and _plausible(fixed, lossless=True):
                key = (b - a, -chars.rare_share(fixed))
                if best is None or key > best[0]:
                    best = (key, (a, b, fixed, method))
    return best[1] if best else None


def _try_reading(text: str, s: int, e: int) -> tuple[int, int, str, str] | None:
    """A probable original where bytes are missing: (start, end, reading, method).

    Spans reaching beyond the garbled cluster must pay for themselves: each
    extra character costs one point, each recovered common letter earns one.
    """
    best = None
    for a, b in _spans(text, s, e):
        part = text[a:b]
        if "\ufffd" not in part and chars.rare_share(part) < 0.3:
            continue  # mostly readable text: nothing to decode
        extra = max(0, s - a) + max(0, b - e)
        for method in ("gbk", "gb18030", "gbk-shift", "cp1252"):
            for cut in (part, part[1:], part[:-1]):
                reading = _round_trip(cut, method, strict=False)
                if reading and _plausible(reading, lossless=False):
                    quality = _letters(reading) - 3 * sum(chars.rarity(reading)) - 2 * reading.count("\ufffd") - extra
                    key = (quality, -(b - a))
                    if best is None or key > best[0]:
                        best = (key, (a, b, reading.strip(), method))
    return best[1] if best else None


def repair_line(line: Line) -> tuple[Line, list[Finding]]:
    text = line.text
    findings: list[Finding] = []
    # UTF-8 read as Latin-1 / cp1252: unmistakable byte patterns
    for m in reversed(list(_LATIN_RUN.finditer(text))):
        fixed = _round_trip(m.group(), "cp1252", strict=True)
        if fixed and _letters(fixed):
            findings.append(Finding(line.no, m.group(), fixed=fixed, how=METHODS["cp1252"]))
            text = text[: m.start()] + fixed + text[m.end():]
    if any(ord(ch) > 0x7F for ch in text):
        used: list[str] = []
        done_until = len(text) + 1
        for s, e in reversed(garbled_spans(text)):
            if e > done_until:  # already covered by the run repaired or flagged last
                continue
            exact = _try_exact(text, s, e, ("gbk", "gb18030", "big5"))
            if exact:
                a, b, fixed, method = exact
                findings.append(Finding(line.no, text[a:b], fixed=fixed, how=METHODS[method]))
                text = text[:a] + fixed + text[b:]
                used.append(method)
                done_until = a
                continue
            guess = _try_reading(text, s, e)
            if guess:
                a, b, reading, method = guess
                findings.append(Finding(line.no, text[a:b], reading=reading, how=METHODS[method] + "，且有字节丢失"))
                done_until = a
            else:
                findings.append(Finding(line.no, text[s:e]))
                done_until = s
        if used:
            text = _repair_rest(text, used[0], line.no, findings)
    findings.reverse()
    return Line(line.no, text), findings


def _repair_rest(text: str, method: str, no: int, findings: list[Finding]) -> str:
    """A line with one garbled run usually has more, too short to be noticed: repair them too."""
    runs = [(m.start(), m.end()) for m in re.finditer(r"[^\x00-\x7f]+", text)]
    for s, e in reversed(runs):
        part = text[s:e]
        if not any(chars.rarity(part)):
            continue
        fixed = _round_trip(part, method, strict=True)
        if fixed and fixed != part and _plausible(fixed, lossless=True) and chars.rare_share(fixed) < chars.rare_share(part):
            findings.append(Finding(no, part, fixed=fixed, how=METHODS[method]))
            text = text[:s] + fixed + text[e:]
    return text


def repair(lines: list[Line]) -> tuple[list[Line], list[Finding]]:
    out, findings = [], []
    for line in lines:
        fixed, found = repair_line(line)
        out.append(fixed)
        findings += found
    return out, findings
