#!/usr/bin/env python3
"""Writes tests/fixtures/evaldata-verdicts.tsv: the verdicts of the built-in rules on a fixed
sample of ../shared/evaldata lines (every other line that fires in either direction, and every
97th line that fires in neither), as FNV-1a hashes of the text and of each verdict's JSON
(`tumar scan` output), so that tests/verdicts.rs can tell whether an engine change altered any
verdict. No evaluation text is stored. Run it when the rules change on purpose (a rule change
changes verdicts); never to make a failing engine change pass.
Usage: python3 scripts/verdict-fixture.py target/release/tumar (`make verdict-fixture`)."""

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
EVALDATA = ROOT.parent / "shared" / "evaldata"
FIXTURE = ROOT / "tests" / "fixtures" / "evaldata-verdicts.tsv"
DIRECTIONS = ("incoming", "outgoing")


def fnv(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main() -> None:
    tumar = sys.argv[1]
    lines = []  # (file, line number, text)
    for path in sorted(EVALDATA.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            if not line.strip():
                continue
            text = json.loads(line).get("text")
            if isinstance(text, str):
                lines.append((path.name, number, text))
    requests = "".join(json.dumps({"text": text, "direction": d}) + "\n" for _, _, text in lines for d in DIRECTIONS)
    verdicts = subprocess.run([tumar, "scan"], input=requests.encode(), capture_output=True, check=True).stdout.decode().split("\n")
    out = [
        "# Verdicts of the built-in rules on a fixed sample of ../shared/evaldata lines, for tests/verdicts.rs",
        "# (written by scripts/verdict-fixture.py).",
        "# file\tline (1-based)\tFNV-1a 64 of the text\tof the incoming verdict JSON\tof the outgoing verdict JSON",
    ]
    firing = quiet = 0
    for index, (name, number, text) in enumerate(lines):
        incoming, outgoing = verdicts[2 * index], verdicts[2 * index + 1]
        if '"hits":[{' in incoming or '"hits":[{' in outgoing:
            firing += 1
            keep = firing % 2 == 0
        else:
            quiet += 1
            keep = quiet % 97 == 0
        if keep:
            hashes = (fnv(text.encode()), fnv(incoming.encode()), fnv(outgoing.encode()))
            out.append(f"{name}\t{number}\t" + "\t".join(f"{h:016x}" for h in hashes))
    FIXTURE.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{len(out) - 3} sampled lines ({firing} lines fire) -> {FIXTURE.relative_to(ROOT)}")


main()
