"""The verifiable draw ``shijian-draw-v1``: determinism, tamper detection, uniformity, the CLI."""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shijian.core.identifiers import uscc_make
from shijian.inspection.domain.draw import (
    ALGORITHM,
    chi_square_uniform,
    commitment,
    sample_size,
    seed_from,
    select,
    snapshot_bytes,
    snapshot_parse,
    stratum_draw,
    verify_record,
)

SECRETS = ["见证人甲的秘密 7f3a", "witness-b: 4412 lemon"]
REPO = Path(__file__).resolve().parents[3]


def _codes(count: int, start: int = 0) -> list[str]:
    return [uscc_make("410305", f"{start + i:08d}") for i in range(count)]


def _record(
    strata: dict[str, tuple[list[str], str, int, int | None]],
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """A record made the documented way, independently of the draw module's record helpers."""
    seed = hashlib.sha256("\n".join(SECRETS).encode()).hexdigest()
    files: dict[str, bytes] = {}
    out = []
    for stratum_id, (codes, ratio, low, high) in strata.items():
        data = "".join(f"{c}\n" for c in sorted(codes)).encode()
        files[stratum_id] = data
        k = math.ceil(Decimal(len(codes)) * Decimal(ratio))
        k = max(k, low)
        k = min(k, high) if high is not None else k
        k = min(k, len(codes))
        ranked = sorted(
            codes, key=lambda c: (hashlib.sha256(f"{seed}\n{stratum_id}\n{c}".encode()).hexdigest(), c)
        )
        out.append(
            {
                "id": stratum_id,
                "ratio": ratio,
                "min_count": low,
                "max_count": high,
                "size": len(codes),
                "k": k,
                "snapshot_sha256": hashlib.sha256(data).hexdigest(),
                "selected": ranked[:k],
            }
        )
    record = {
        "algorithm": ALGORITHM,
        "commitments": [hashlib.sha256(s.encode()).hexdigest() for s in SECRETS],
        "secrets": list(SECRETS),
        "seed": seed,
        "strata": out,
    }
    return record, files


def _standard() -> tuple[dict[str, Any], dict[str, bytes]]:
    return _record(
        {
            "A": (_codes(300), "0.03", 0, None),
            "B": (_codes(500, 1000), "0.05", 2, None),
            "D": (_codes(40, 5000), "0.6", 0, 20),
        }
    )


def test_the_module_reproduces_an_independently_made_record() -> None:
    record, files = _standard()
    assert verify_record(record, files) == []
    seed = seed_from(SECRETS)
    assert seed == record["seed"] and commitment(SECRETS[0]) == record["commitments"][0]
    for stratum in record["strata"]:
        drawn = stratum_draw(
            seed=seed,
            stratum_id=stratum["id"],
            snapshot=files[stratum["id"]],
            ratio=Decimal(stratum["ratio"]),
            min_count=stratum["min_count"],
            max_count=stratum["max_count"],
        )
        assert drawn.as_record() == stratum
    assert [s["k"] for s in record["strata"]] == [9, 25, 20]


@pytest.mark.parametrize(
    ("size", "ratio", "low", "high", "k"),
    [
        (100, "0.03", 0, None, 3),
        (101, "0.03", 0, None, 4),  # 3.03 rounds up
        (1000, "0.001", 0, None, 1),
        (10, "0.0", 2, None, 2),
        (10, "0.5", 0, 3, 3),
        (3, "0.05", 5, None, 3),  # never more than the stratum
        (0, "0.6", 2, None, 0),
        (3, "0.1", 0, None, 1),  # 0.3 -> 1 in exact decimals, where float 3 * 0.1 = 0.30000000000000004
        (10, "0.3", 0, None, 3),  # exact: float 10 * 0.3 = 3.0000000000000004 would give 4
    ],
)
def test_sample_size_in_exact_decimals(size: int, ratio: str, low: int, high: int | None, k: int) -> None:
    assert sample_size(size, Decimal(ratio), low, high) == k


def test_no_entity_is_selected_twice_and_the_order_is_by_score() -> None:
    codes = _codes(200)
    chosen = select(seed_from(SECRETS), "A", codes + codes[:50], 60)
    assert len(chosen) == len(set(chosen)) == 60
    record, files = _standard()
    record["strata"][1]["selected"].append(record["strata"][0]["selected"][0])
    problems = verify_record(record, files)
    assert any("selected twice" in p.message_en for p in problems)


def _where(problems: list[Any]) -> set[str]:
    return {p.where for p in problems}


def test_a_changed_snapshot_line_is_found() -> None:
    record, files = _standard()
    lines = files["B"].decode().splitlines(keepends=True)
    lines[7] = _codes(1, 9000)[0] + "\n"
    files["B"] = "".join(sorted(lines)).encode()
    problems = verify_record(record, files)
    assert "strata[B].snapshot_sha256" in _where(problems)
    assert all(p.where.startswith("strata[B]") for p in problems)


def test_a_changed_secret_is_refused_against_its_commitment() -> None:
    record, files = _standard()
    record["secrets"][1] = "witness-b: 4412 lime"
    problems = verify_record(record, files)
    assert "secrets[1]" in _where(problems)
    assert "seed" in _where(problems)
    assert any("does not match its commitment" in p.message_en for p in problems)


def test_a_changed_selection_is_found_and_named() -> None:
    record, files = _standard()
    outsider = next(c for c in _codes(300) if c not in record["strata"][0]["selected"])
    record["strata"][0]["selected"][2] = outsider
    problems = verify_record(record, files)
    assert _where(problems) == {"strata[A].selected"}
    assert outsider in problems[0].message_en


def test_a_missing_snapshot_and_a_foreign_algorithm_are_reported() -> None:
    record, files = _standard()
    del files["D"]
    assert "strata[D]" in _where(verify_record(record, files))
    assert _where(verify_record({**record, "algorithm": "other"}, files)) == {"algorithm"}


def test_selection_frequencies_are_uniform_over_many_seeds() -> None:
    """Pearson's chi-square over 4,000 draws of 5 from 50: a correct draw fails below 1e-6.

    Sampling without replacement makes each count's variance (1 - k/N) of the
    multinomial one, so the statistic is, if anything, smaller than the
    chi-square it is compared with: the threshold stays conservative. The
    threshold is the Wilson-Hilferty 1 - 1e-6 quantile for N - 1 = 49
    degrees of freedom (about 111.6).
    """
    codes = _codes(50)
    counts = dict.fromkeys(codes, 0)
    for draw in range(4000):
        for code in select(seed_from([f"s{draw}", "t"]), "S", codes, 5):
            counts[code] += 1
    df = len(codes) - 1
    z = 4.753424  # standard normal upper 1e-6 quantile
    threshold = df * (1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3
    assert 110 < threshold < 113
    statistic = chi_square_uniform(list(counts.values()))
    assert statistic < threshold, (statistic, threshold)
    # The test has power: a draw that always prefers the lowest codes fails it at once.
    biased = dict.fromkeys(codes, 0)
    for _ in range(4000):
        for code in sorted(codes)[:5]:
            biased[code] += 1
    assert chi_square_uniform(list(biased.values())) > threshold


def _ranked_by_hand(seed: str, stratum_id: str, codes: list[str]) -> list[str]:
    """The documented selection order, computed the plain way (hex scores, ties by code)."""
    return sorted(
        set(codes), key=lambda c: (hashlib.sha256(f"{seed}\n{stratum_id}\n{c}".encode()).hexdigest(), c)
    )


# Lines of snapshot files, odd ones included: blank lines, whitespace only str.strip removes
# (\x1c-\x1f, U+3000), non-ASCII codes, a final line without a newline, repeated codes.
_PIECES = st.sampled_from(
    ["91A", "92B", "9C", " ", "\t", "\r", "\x0b", "\x1c", "\x1f", "\u3000", "中", "\x85", ""]
)
_LINES = st.lists(st.lists(_PIECES, max_size=4).map("".join), max_size=30)


@settings(max_examples=300, deadline=None)
@given(lines=_LINES, ending=st.sampled_from(["\n", ""]), k=st.integers(0, 12))
def test_a_draw_from_any_snapshot_file_is_the_documented_one(lines: list[str], ending: str, k: int) -> None:
    """Whatever the file holds, stratum_draw counts, dedupes and ranks as the documented steps say."""
    data = ("\n".join(lines) + ending).encode("utf-8")
    codes = [line for line in data.decode("utf-8").split("\n") if line.strip()]
    assert snapshot_parse(data) == codes
    seed = seed_from(SECRETS)
    drawn = stratum_draw(seed=seed, stratum_id="S", snapshot=data, ratio=Decimal(0), min_count=k)
    assert drawn.size == len(codes)
    assert drawn.k == min(k, len(codes))
    assert drawn.selected == _ranked_by_hand(seed, "S", codes)[: drawn.k]


def test_a_large_stratum_keeps_only_the_k_best_and_matches_the_plain_ranking() -> None:
    codes = _codes(3000)
    seed = seed_from(SECRETS)
    data = snapshot_bytes(codes)
    drawn = stratum_draw(seed=seed, stratum_id="B", snapshot=data, ratio=Decimal("0.05"))
    assert drawn.k == 150 and drawn.selected == _ranked_by_hand(seed, "B", codes)[:150]
    assert select(seed, "B", codes + codes[:500], 150) == drawn.selected  # repeats change nothing


def test_snapshot_file_is_sorted_lines_each_ending_in_newline() -> None:
    data = snapshot_bytes(["91B", "91A", "91C"])
    assert data == b"91A\n91B\n91C\n"


def _write(tmp_path: Path, record: dict[str, Any], files: dict[str, bytes]) -> tuple[Path, Path]:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    for stratum_id, data in files.items():
        (folder / f"{stratum_id}.txt").write_bytes(data)
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path, folder


def _cli(path: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console entry point
        [
            sys.executable,
            "-m",
            "shijian.cli",
            "inspection",
            "verify-draw",
            str(path),
            "--snapshots",
            str(folder),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_verify_draw_command_passes_a_good_record_and_names_what_differs(tmp_path: Path) -> None:
    record, files = _standard()
    path, folder = _write(tmp_path, record, files)
    good = _cli(path, folder)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "verified" in good.stdout
    record["strata"][2]["selected"].reverse()
    path.write_text(json.dumps(record), encoding="utf-8")
    bad = _cli(path, folder)
    assert bad.returncode == 1
    assert "strata[D].selected" in bad.stdout and "FAILED" in bad.stdout
