"""Fuzz the loaders and `ledger ingest` with generated and mutated documents.

Starts from the real inputs (samples/*.json, samples/manifest.toml and, when present, the text
documents in ../shared/disclosures), mutates them (truncated, shuffled lines, random bytes, huge
numbers, deep JSON nesting, non-UTF-8, wrong JSON types, manifest paths outside the folder...)
and feeds each one to the loader, then every accepted draft to the ledger, and a sample of all
inputs to the real CLI. Reports, and exits 1 unless all are zero:

- uncaught: an exception other than the ledger's one-line errors;
- multi-line: a rejection whose message is not exactly one line;
- partial writes: a refused ingest that changed the store, or a disclosure without all its facts.

Usage: .venv/bin/python bench/fuzz.py [--inputs 10000] [--seed N] [--cli-every 20]

``--invariant N`` runs instead the invariant campaign (bench/invariant.py): N generated
disclosures ingested into a growing ledger, every command checked after every
``--check-every`` inputs, one command killed at a random moment every ``--kill-every`` inputs.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ledger.cli.main import cli
from ledger.domain.errors import LedgerError
from ledger.ingest import load_disclosure, read_manifest
from ledger.projections.replay import replay
from ledger.store import Location
from ledger.verify import check_log

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared" / "disclosures"
#: Seconds one input may take before it counts as a hang.
HANG_SECONDS = 60
#: Text documents are cut to this many lines before mutation: the extractor's cost grows with
#: the document, and the parsers see every kind of line within the first few hundred.
TEXT_LINES = 400

Mutator = Callable[[random.Random, bytes], bytes]
WEIRD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    10**40,
    -(10**40),
    1.5,
    1e308,
    "",
    " ",
    "x" * 5000,
    "9" * 4000,
    "-0",
    "NaN",
    "Infinity",
    "1e999999",
    "(1,234)",
    "2024-02-30",
    "9999-99-99",
    "0000-00-00",
    "FY99999",
    "\u0000",
    "\u202e",
    "../../etc/passwd",
    [],
    {},
    [[[[[]]]]],
    {"a": {"b": {"c": {}}}},
]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def shuffle_lines(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    if rng.random() < 0.5:
        rng.shuffle(lines)
    else:  # a local shuffle keeps most of the structure
        i = rng.randrange(len(lines))
        window = lines[i : i + rng.randint(2, 8)]
        rng.shuffle(window)
        lines[i : i + len(window)] = window
    return b"\n".join(lines)


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if out and rng.random() < 0.6:
            out[rng.randrange(len(out))] = rng.randrange(256)
        else:
            at = rng.randrange(len(out) + 1)
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(out)


def non_utf8(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    bad = rng.choice([b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\x80"])
    return data[:at] + bad + data[at:]


def huge_numbers(rng: random.Random, data: bytes) -> bytes:
    numbers = list(re.finditer(rb"\d[\d,.]*", data))
    if not numbers:
        return data + b"9" * 1000
    out = data
    for m in sorted(
        rng.sample(numbers, min(len(numbers), rng.randint(1, 5))), key=lambda m: -m.start()
    ):
        huge = rng.choice(
            [
                b"9" * rng.randint(20, 3000),
                b"9" * 4400,  # past Python's int-parsing limit
                b"1e999999",
                b"-" + b"9" * 400,
                b"0." + b"0" * 500 + b"1",
            ]
        )
        out = out[: m.start()] + huge + out[m.end() :]
    return out


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([65, 200, 5000, 200_000])
    opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}")])
    if rng.random() < 0.5:
        return opener * depth + data + closer * depth
    return opener * depth  # unterminated


def edge_bytes(rng: random.Random, data: bytes) -> bytes:
    return rng.choice(
        [b"", b" \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf" + data, b"\x00" * 64, data * 3]
    )


def json_tree(rng: random.Random, data: bytes) -> bytes:
    """Parse the JSON, change one node (type, value, missing key, duplicated item), dump."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):  # an earlier mutation broke it: nothing to walk
        return data
    try:
        for _ in range(rng.randint(1, 4)):
            _mutate_node(rng, doc)
        return json.dumps(doc).encode()
    except RecursionError:  # a deeply nested document: copying or dumping it runs out of stack
        return data


def _mutate_node(rng: random.Random, doc: Any) -> None:
    node, path_len = doc, rng.randint(1, 4)
    if not isinstance(node, dict | list):
        return
    for _ in range(path_len):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        children = [(k, v) for k, v in children if isinstance(v, dict | list) and v]
        if not children or rng.random() < 0.3:
            break
        node = rng.choice(children)[1]
    if isinstance(node, dict) and node:
        key = rng.choice(list(node))
        action = rng.random()
        if action < 0.25:
            del node[key]
        elif action < 0.35:
            node["unexpected_" + key] = copy.deepcopy(node[key])
        else:
            node[key] = _weird(rng)
    elif isinstance(node, list) and node:
        i = rng.randrange(len(node))
        action = rng.random()
        if action < 0.3:
            node.append(copy.deepcopy(node[i]))
        elif action < 0.5:
            del node[i]
        else:
            node[i] = _weird(rng)


def _weird(rng: random.Random) -> Any:
    """A fresh copy of one of WEIRD_VALUES: a shared list or dict, once inserted, would be
    mutated in place by a later mutation (changing the table for the rest of the campaign) and
    could end up inside itself ("Circular reference detected" from json.dumps)."""
    return copy.deepcopy(rng.choice(WEIRD_VALUES))


def manifest_tree(rng: random.Random, data: bytes) -> bytes:
    """Change one value of the manifest (paths outside the folder, bad dates, wrong types)."""
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if "=" in line and not line.startswith("#")]
    if not candidates:
        return data
    i = rng.choice(candidates)
    key = lines[i].split("=", 1)[0].strip()
    value = rng.choice(
        [
            '"../outside.json"',
            '"/etc/passwd"',
            '""',
            "5",
            "2024-02-30",
            '"2024-13-01"',
            '"FY2023"',
            "[1, 2]",
            '"missing.json"',
            '"ACME"',
            "{ a = 1 }",
            '"' + "x" * 5000 + '"',
        ]
    )
    lines[i] = f"{rng.choice([key, key, 'unknown_key'])} = {value}"
    if rng.random() < 0.2:
        lines.extend(lines[: len(lines) // 2])  # the same entries twice
    return "\n".join(lines).encode()


JSON_MUTATORS: list[Mutator] = [
    truncate, shuffle_lines, random_bytes, non_utf8, huge_numbers, deep_nesting, edge_bytes,
    json_tree, json_tree, json_tree,
]  # fmt: skip
TEXT_MUTATORS: list[Mutator] = [
    truncate, shuffle_lines, random_bytes, non_utf8, huge_numbers, edge_bytes,
]  # fmt: skip
TOML_MUTATORS: list[Mutator] = [
    truncate, shuffle_lines, random_bytes, non_utf8, edge_bytes, manifest_tree, manifest_tree,
]  # fmt: skip


class Hang(Exception):
    """An input took longer than HANG_SECONDS."""


def _alarm(signum: int, frame: Any) -> None:
    raise Hang


class Campaign:
    """Runs the inputs and counts outcomes."""

    def __init__(self, work: Path, cli_every: int) -> None:
        self.work = work
        self.cli_every = cli_every
        self.loc = Location.from_options(str(work / "home"), None)
        self.app = self.loc.open_ledger()
        self.outcomes: Counter[str] = Counter()
        self.by_mutator: Counter[str] = Counter()
        self.failures: list[str] = []
        self.slowest: tuple[float, str] = (0.0, "")
        self.runner = CliRunner()

    def events(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def fail(self, kind: str, what: str) -> None:
        self.outcomes[kind] += 1
        if len(self.failures) < 50:
            self.failures.append(f"{kind}: {what}")

    def run(self, n: int, name: str, kind: str, data: bytes, mutator: str) -> None:
        folder = self.work / "inputs" / str(n)
        folder.mkdir(parents=True)
        if kind == "toml":
            for doc in SAMPLES.glob("*.json"):
                (folder / doc.name).symlink_to(doc)
        path = folder / f"{name}.{kind}"
        path.write_bytes(data)
        started = time.perf_counter()
        signal.alarm(HANG_SECONDS)
        try:
            self._load_and_ingest(path, kind, f"{mutator} {name} #{n}")
            if self.cli_every and n % self.cli_every == 0:
                self._cli(path, kind, f"{mutator} {name} #{n}")
        except Hang:
            self.fail("hang", f"{mutator} {name} #{n}")
        finally:
            signal.alarm(0)
        seconds = time.perf_counter() - started
        self.slowest = max(self.slowest, (seconds, f"{mutator} {name} #{n}"))
        self.outcomes["inputs"] += 1
        self.by_mutator[mutator] += 1
        shutil.rmtree(folder)

    def _load_and_ingest(self, path: Path, kind: str, label: str) -> None:
        try:
            if kind == "toml":
                drafts = [load_disclosure(e.path, e.overrides()) for e in read_manifest(path)]
            else:
                drafts = [load_disclosure(path)]
        except LedgerError as exc:
            self._rejected(exc, label)
            return
        except Hang:
            raise
        except Exception:
            self.fail("uncaught", f"{label}: {traceback.format_exc(limit=3)}")
            return
        self.outcomes["accepted"] += 1
        for draft in drafts:
            before = self.events()
            try:
                self.app.ingest_disclosure(draft)
            except LedgerError as exc:
                self._rejected(exc, label)
                if self.events() != before:
                    self.fail("partial write", f"{label}: refused ingest changed the store")
            except Hang:
                raise
            except Exception:
                self.fail("uncaught", f"{label} (ingest): {traceback.format_exc(limit=3)}")

    def _rejected(self, exc: LedgerError, label: str) -> None:
        self.outcomes["rejected"] += 1
        message = str(exc)
        if not message.strip() or "\n" in message or "\r" in message:
            self.fail("multi-line", f"{label}: {message!r:.200}")

    def _cli(self, path: Path, kind: str, label: str) -> None:
        before = self.events()
        args = ["--manifest", str(path)] if kind == "toml" else [str(path)]
        result = self.runner.invoke(
            cli, ["--home", str(self.loc.home), "ingest", "--no-replay", *args]
        )
        self.outcomes["cli runs"] += 1
        if result.exit_code == 0:
            return
        lines = result.stderr.splitlines()
        if (
            result.exit_code != 1
            or "internal error" in result.stderr
            or result.exception
            and not isinstance(result.exception, SystemExit)
        ):
            self.fail("uncaught", f"{label} (cli exit {result.exit_code}): {result.stderr[:300]}")
        elif len(lines) != 1 or not lines[0].startswith("Error: "):
            self.fail("multi-line", f"{label} (cli): {result.stderr[:300]!r}")
        elif self.events() != before:
            self.fail("partial write", f"{label} (cli): refused ingest changed the store")

    def finish(self) -> None:
        """Final checks over the whole store: every disclosure whole, the chain intact."""
        report = check_log(self.app)
        if report.problem:
            self.fail("partial write", f"hash chain: {report.problem}")
        from ledger.events import DisclosureRegistered, FactDisclosed

        registered: dict[str, int] = {}
        facts: Counter[str] = Counter()
        for note in self.app.recorder.select_notifications(
            start=0, limit=10**9, inclusive_of_start=False
        ):
            if note.topic == DisclosureRegistered.TOPIC:
                event = self.app.mapper.to_domain_event(note)
                registered[str(event.originator_id)] = event.fact_count
            elif note.topic == FactDisclosed.TOPIC:
                facts[str(self.app.mapper.to_domain_event(note).disclosure_id)] += 1
        for disclosure, count in registered.items():
            if facts[disclosure] != count:
                self.fail(
                    "partial write", f"disclosure {disclosure}: {facts[disclosure]}/{count} facts"
                )
        self.outcomes["disclosures recorded"] = len(registered)
        # Everything recorded must also project: a figure the DuckDB tables cannot hold would
        # make every later replay fail.
        try:
            replay(self.app, self.loc.projection_path, rebuild=True)
        except Exception:
            self.fail("uncaught", f"replay of the fuzzed store: {traceback.format_exc(limit=-3)}")
        self.app.close()


def seeds() -> list[tuple[str, str, bytes]]:
    """(name, kind, bytes) of every real input the mutations start from."""
    found = [(p.stem, "json", p.read_bytes()) for p in sorted(SAMPLES.glob("*.json"))]
    found.append(("manifest", "toml", (SAMPLES / "manifest.toml").read_bytes()))
    for p in sorted(SHARED.glob("*.txt")):
        lines = p.read_bytes().split(b"\n")
        found.append((p.stem, "txt", b"\n".join(lines[:TEXT_LINES])))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--cli-every", type=int, default=20, help="run every Nth input via the CLI")
    parser.add_argument(
        "--invariant", type=int, default=0, metavar="N", help="run N inputs of the invariant"
    )
    parser.add_argument("--check-every", type=int, default=20, metavar="K")
    parser.add_argument("--kill-every", type=int, default=50, metavar="K")
    parser.add_argument("--home-every", type=int, default=500, metavar="K")
    parser.add_argument("--keep", type=Path, default=None, help="keep the campaign's files here")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    # The seed first, so a campaign that crashes or is killed can still be run again.
    if args.invariant:
        print(
            f"fuzz: seed {seed}; again with: python bench/fuzz.py --invariant {args.invariant} "
            f"--check-every {args.check_every} --kill-every {args.kill_every} "
            f"--home-every {args.home_every} --seed {seed}",
            flush=True,
        )
        from invariant import Settings, invariant_campaign

        every = Settings(args.check_every, args.kill_every, args.home_every)
        return invariant_campaign(args.invariant, seed, every, args.keep)
    print(
        f"fuzz: seed {seed}; again with: python bench/fuzz.py --inputs {args.inputs} "
        f"--cli-every {args.cli_every} --seed {seed}",
        flush=True,
    )
    rng = random.Random(seed)
    signal.signal(signal.SIGALRM, _alarm)
    sources = seeds()
    mutators = {"json": JSON_MUTATORS, "txt": TEXT_MUTATORS, "toml": TOML_MUTATORS}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ledger-fuzz-") as tmp:
        campaign = Campaign(Path(tmp), args.cli_every)
        for n in range(args.inputs):
            name, kind, data = rng.choice(sources)
            # Most inputs get one mutation, some several stacked.
            applied = []
            for _ in range(1 if rng.random() < 0.7 else rng.randint(2, 4)):
                mutator = rng.choice(mutators[kind])
                data = mutator(rng, data)
                applied.append(mutator.__name__)
            campaign.run(n, name, kind, data, "+".join(applied))
            if (n + 1) % 1000 == 0:
                print(f"  {n + 1} inputs, {time.perf_counter() - started:.0f}s", file=sys.stderr)
        campaign.finish()
    seconds = time.perf_counter() - started
    o = campaign.outcomes
    print(f"fuzz: {o['inputs']} inputs (seed {seed}) in {seconds:.0f}s")
    print(
        f"  accepted {o['accepted']}, rejected with a one-line message {o['rejected']}, "
        f"via the CLI {o['cli runs']}, disclosures recorded {o['disclosures recorded']}"
    )
    print(
        f"  uncaught exceptions {o['uncaught']}, multi-line messages {o['multi-line']}, "
        f"partial writes {o['partial write']}, hangs {o['hang']}"
    )
    print(f"  slowest input {campaign.slowest[0]:.2f}s ({campaign.slowest[1]})")
    for failure in campaign.failures:
        print("  " + failure.replace("\n", "\n    "))
    bad = o["uncaught"] + o["multi-line"] + o["partial write"] + o["hang"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
