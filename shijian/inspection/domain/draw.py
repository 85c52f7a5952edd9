"""The verifiable draw ``shijian-draw-v1`` (可验证的随机抽取). No Django.

Anyone holding a published draw record and the strata's snapshot files can
recompute every step (see docs/inspection-draw.md):

1. Each stratum's directory snapshot is its USCCs sorted, one per line, every
   line ending in ``\\n``; ``snapshot_sha256`` is the SHA-256 of those bytes.
2. Witnesses commit to secrets (SHA-256 of the UTF-8 secret, lowercase hex)
   before the draw and reveal them at the draw; each revealed secret must
   match its commitment.
3. seed = SHA-256 of the revealed secrets joined by ``\\n`` in commitment
   order (UTF-8), as lowercase hex.
4. In each stratum score(uscc) = SHA-256 of ``seed \\n stratum_id \\n uscc``
   (UTF-8, lowercase hex); the k smallest scores are selected (ties broken
   by USCC), listed in score order.
5. k = ceil(size x ratio) in exact decimal arithmetic, then at least
   ``min_count``, at most ``max_count`` (when set), at most ``size``.
6. Inspectors of a task are ranked by SHA-256 of
   ``seed \\n inspector \\n task_id \\n officer_id``.

Hashing 1,000,000 codes takes about a third of a second in CPython (the hash
state after the common prefix is copied, the codes stay bytes); only codes
below a bound that leaves a margin above k are kept and sorted.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from itertools import compress
from typing import Any

__all__ = [
    "ALGORITHM",
    "Difference",
    "StratumDraw",
    "commitment",
    "inspector_rank",
    "sample_size",
    "score",
    "seed_from",
    "select",
    "snapshot_bytes",
    "snapshot_parse",
    "snapshot_sha256",
    "verify_record",
]

ALGORITHM = "shijian-draw-v1"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def commitment(secret: str) -> str:
    """A witness's commitment to ``secret``: SHA-256 of its UTF-8 bytes, lowercase hex."""
    return _sha256_hex(secret)


def seed_from(secrets: Sequence[str]) -> str:
    """The draw's seed from the revealed secrets in commitment order."""
    return _sha256_hex("\n".join(secrets))


def snapshot_bytes(usccs: Iterable[str]) -> bytes:
    """A stratum's snapshot file: its USCCs sorted (code-point order), one per line, each ending in \\n."""
    return "".join(f"{code}\n" for code in sorted(set(usccs))).encode("utf-8")


def snapshot_sha256(data: bytes) -> str:
    """SHA-256 of a snapshot file's bytes."""
    return hashlib.sha256(data).hexdigest()


def snapshot_parse(data: bytes) -> list[str]:
    """The USCCs of a snapshot file (blank lines ignored; a final line without \\n still counts)."""
    return [line for line in data.decode("utf-8").split("\n") if line.strip()]


# Whitespace that ``str.strip`` removes but ``bytes.strip`` keeps, within ASCII.
_STR_ONLY_SPACE = re.compile(rb"[\x1c-\x1f]")
# ASCII whitespace but the newline.
_SPACE = re.compile(rb"[ \t\r\x0b\x0c]")


def _snapshot_lines(data: bytes) -> list[bytes]:
    """``snapshot_parse`` as UTF-8 bytes, without decoding a million codes one by one.

    On ASCII data without the separators \\x1c-\\x1f (what USCCs are), ``bytes.strip``
    judges blank lines exactly as ``str.strip`` does; anything else takes the
    plain path. Without any whitespace but the newlines, the only blank lines
    are empty ones, and a file as written has just the one after its last line.
    """
    if data.isascii() and not _STR_ONLY_SPACE.search(data):
        lines = data.split(b"\n")
        if _SPACE.search(data) is None and b"\n\n" not in data and not data.startswith(b"\n"):
            if lines and not lines[-1]:
                lines.pop()
            return lines
        return list(compress(lines, map(bytes.strip, lines)))
    return [line.encode("utf-8") for line in snapshot_parse(data)]


def sample_size(size: int, ratio: Decimal, min_count: int = 0, max_count: int | None = None) -> int:
    """k for a stratum of ``size`` entities: ceil(size x ratio) exactly, clamped by the counts and size."""
    k = int((Decimal(size) * ratio).to_integral_value(rounding=ROUND_CEILING))
    k = max(k, min_count)
    if max_count is not None:
        k = min(k, max_count)
    return max(min(k, size), 0)


def score(seed: str, stratum_id: str, uscc: str) -> str:
    """The score of one entity in one stratum (smaller is selected first)."""
    return _sha256_hex(f"{seed}\n{stratum_id}\n{uscc}")


def select(seed: str, stratum_id: str, usccs: Iterable[str], k: int) -> list[str]:
    """The ``k`` entities with the smallest scores, in score order (ties broken by USCC).

    Scores are compared as raw digests (the same order as their lowercase hex).
    Only entities whose score's first 64 bits fall below a bound that, for
    uniform scores, leaves a comfortable margin above ``k`` are kept and sorted;
    should fewer than ``k`` pass (practically never), everything is sorted.
    Either way the result is exactly the ``k`` smallest.
    """
    return _select_encoded(seed, stratum_id, [code.encode("utf-8") for code in usccs], k)


def _select_encoded(seed: str, stratum_id: str, usccs: Sequence[bytes], k: int) -> list[str]:
    """``select`` over UTF-8 encoded codes (byte order is code-point order, so the ties break alike).

    Repeated codes (a snapshot file as written has none) have equal scores, so
    they are dropped among the few kept rather than among all the codes. Any
    bound gives the same result as long as ``k`` distinct codes pass it;
    otherwise everything is scored.
    """
    if k <= 0:
        return []
    margin = k + 6 * math.isqrt(k) + 16
    bound = (1 << 64) * margin // len(usccs) if margin < len(usccs) else None
    kept = list(set(_scored(seed, stratum_id, usccs, bound)))  # each entity once
    if len(kept) < k:
        kept = list(set(_scored(seed, stratum_id, usccs, None)))
    kept.sort()
    return [code.decode("utf-8") for _, code in kept[:k]]


def _scored(
    seed: str, stratum_id: str, codes: Sequence[bytes], bound: int | None
) -> list[tuple[bytes, bytes]]:
    # The hot loop of a draw (a million codes): the hash state after the common prefix is
    # copied instead of rehashing it, and the bound is compared as 8 big-endian bytes
    # (a 32-byte digest is below them exactly when its first 64 bits are below ``bound``).
    copy = hashlib.sha256(f"{seed}\n{stratum_id}\n".encode()).copy
    if bound is None:
        scored = []
        for code in codes:
            digest = copy()
            digest.update(code)
            scored.append((digest.digest(), code))
        return scored
    limit = bound.to_bytes(8, "big")
    kept: list[tuple[bytes, bytes]] = []
    keep = kept.append
    for code in codes:
        digest = copy()
        digest.update(code)
        raw = digest.digest()
        if raw < limit:
            keep((raw, code))
    return kept


def inspector_rank(seed: str, task_id: str, officer_id: str) -> str:
    """The rank key of an officer for a task (smaller ranks first)."""
    return _sha256_hex(f"{seed}\ninspector\n{task_id}\n{officer_id}")


@dataclass(frozen=True)
class StratumDraw:
    """One stratum of a draw record."""

    id: str
    ratio: Decimal
    min_count: int
    max_count: int | None
    size: int
    k: int
    snapshot_sha256: str
    selected: list[str]

    def as_record(self) -> dict[str, Any]:
        """The stratum as it appears in the published JSON record."""
        return {
            "id": self.id,
            "ratio": format(self.ratio, "f"),
            "min_count": self.min_count,
            "max_count": self.max_count,
            "size": self.size,
            "k": self.k,
            "snapshot_sha256": self.snapshot_sha256,
            "selected": list(self.selected),
        }


def stratum_draw(
    *,
    seed: str,
    stratum_id: str,
    snapshot: bytes,
    ratio: Decimal,
    min_count: int = 0,
    max_count: int | None = None,
) -> StratumDraw:
    """Draw one stratum from its snapshot file."""
    usccs = _snapshot_lines(snapshot)
    k = sample_size(len(usccs), ratio, min_count, max_count)
    return StratumDraw(
        id=stratum_id,
        ratio=ratio,
        min_count=min_count,
        max_count=max_count,
        size=len(usccs),
        k=k,
        snapshot_sha256=snapshot_sha256(snapshot),
        selected=_select_encoded(seed, stratum_id, usccs, k),
    )


@dataclass(frozen=True)
class Difference:
    """One thing a verification found wrong, in Chinese and English (``where``: the record path)."""

    where: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message_en} / {self.message_zh}"


def parse_ratio(value: object) -> Decimal | None:
    """A ratio given as a decimal string from 0 to 1, or ``None`` when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        ratio = Decimal(value)
    except InvalidOperation:
        return None
    return ratio if ratio.is_finite() and Decimal(0) <= ratio <= Decimal(1) else None


def _count(value: object, *, optional: bool) -> tuple[bool, int | None]:
    if value is None and optional:
        return True, None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return False, None
    return True, value


def _check_secrets(record: Mapping[str, Any]) -> tuple[str | None, list[Difference]]:
    differences: list[Difference] = []
    commitments = record.get("commitments")
    secrets = record.get("secrets")
    if not isinstance(commitments, list) or not isinstance(secrets, list):
        return None, [Difference("commitments", "缺少承诺或密钥列表", "commitments or secrets missing")]
    if len(commitments) < 2:
        differences.append(Difference("commitments", "见证人少于2人", "fewer than two witnesses"))
    if len(commitments) != len(secrets):
        differences.append(
            Difference(
                "secrets", "密钥数与承诺数不一致", "the number of secrets differs from the commitments"
            )
        )
    for index, (promised, secret) in enumerate(zip(commitments, secrets, strict=False)):
        if not isinstance(secret, str) or not isinstance(promised, str) or commitment(secret) != promised:
            differences.append(
                Difference(
                    f"secrets[{index}]",
                    "公开的密钥与其承诺值不符",
                    "the revealed secret does not match its commitment",
                )
            )
    if not all(isinstance(s, str) for s in secrets):
        return None, differences
    seed = seed_from(secrets)
    if record.get("seed") != seed:
        differences.append(
            Difference("seed", f"种子应为 {seed}", f"the seed recomputed from the secrets is {seed}")
        )
    return seed, differences


def _check_stratum(
    index: int, stratum: Mapping[str, Any], seed: str, snapshots: Mapping[str, bytes]
) -> list[Difference]:
    where = f"strata[{index}]"
    stratum_id = stratum.get("id")
    if not isinstance(stratum_id, str) or not stratum_id:
        return [Difference(f"{where}.id", "缺少分层编号", "the stratum id is missing")]
    where = f"strata[{stratum_id}]"
    data = snapshots.get(stratum_id)
    if data is None:
        return [Difference(where, "缺少该分层的名录快照文件", f"no snapshot file {stratum_id}.txt")]
    ratio = parse_ratio(stratum.get("ratio"))
    ok_min, min_count = _count(stratum.get("min_count", 0), optional=False)
    ok_max, max_count = _count(stratum.get("max_count"), optional=True)
    if ratio is None or not ok_min or not ok_max:
        return [Difference(where, "比例或数量限制格式错误", "ratio, min_count or max_count is malformed")]
    differences: list[Difference] = []
    digest = snapshot_sha256(data)
    if stratum.get("snapshot_sha256") != digest:
        differences.append(
            Difference(
                f"{where}.snapshot_sha256",
                "名录快照文件的哈希值与记录不符（快照被改动过）",
                f"the snapshot file hashes to {digest}, not to the recorded value",
            )
        )
    expected = stratum_draw(
        seed=seed,
        stratum_id=stratum_id,
        snapshot=data,
        ratio=ratio,
        min_count=min_count or 0,
        max_count=max_count,
    )
    if stratum.get("size") != expected.size:
        differences.append(
            Difference(f"{where}.size", f"名录规模应为 {expected.size}", f"the size is {expected.size}")
        )
    if stratum.get("k") != expected.k:
        differences.append(
            Difference(f"{where}.k", f"抽取数量应为 {expected.k}", f"k should be {expected.k}")
        )
    selected = stratum.get("selected")
    if selected != expected.selected:
        recorded = selected if isinstance(selected, list) else []
        extra = [c for c in recorded if c not in set(expected.selected)]
        missing = [c for c in expected.selected if c not in set(recorded)]
        detail_en = (
            f"not expected: {extra[:5]}; missing: {missing[:5]}" if extra or missing else "order differs"
        )
        detail_zh = f"多出：{extra[:5]}；缺少：{missing[:5]}" if extra or missing else "顺序不同"
        differences.append(
            Difference(
                f"{where}.selected",
                f"抽中名单与重算结果不符（{detail_zh}）",
                f"the selection differs ({detail_en})",
            )
        )
    return differences


def verify_record(record: Mapping[str, Any], snapshots: Mapping[str, bytes]) -> list[Difference]:
    """Everything that differs between a published draw record and a recomputation (empty: it holds).

    ``snapshots`` maps stratum id to the bytes of its snapshot file.
    """
    if record.get("algorithm") != ALGORITHM:
        return [Difference("algorithm", f"不是 {ALGORITHM} 记录", f"not a {ALGORITHM} record")]
    seed, differences = _check_secrets(record)
    strata = record.get("strata")
    if not isinstance(strata, list) or not strata:
        return [*differences, Difference("strata", "缺少分层", "no strata")]
    if seed is None:
        return differences
    seen: set[str] = set()
    for index, stratum in enumerate(strata):
        if not isinstance(stratum, dict):
            differences.append(Difference(f"strata[{index}]", "分层格式错误", "malformed stratum"))
            continue
        differences.extend(_check_stratum(index, stratum, seed, snapshots))
        for code in stratum.get("selected") or []:
            if code in seen:
                differences.append(
                    Difference(
                        f"strata[{stratum.get('id')}]", f"{code} 被重复抽中", f"{code} is selected twice"
                    )
                )
            seen.add(code)
    return differences


def is_sha256_hex(value: str) -> bool:
    """Whether ``value`` looks like a SHA-256 in lowercase hex (a commitment)."""
    return bool(_HEX64.match(value))


def chi_square_uniform(counts: Sequence[int]) -> float:
    """Pearson's chi-square statistic of ``counts`` against a uniform distribution."""
    total = sum(counts)
    if not counts or total == 0:
        return 0.0
    expected = total / len(counts)
    return math.fsum((c - expected) ** 2 / expected for c in counts)
