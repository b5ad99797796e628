"""AT Protocol identifiers: DIDs, TIDs, record keys and CIDs."""

from __future__ import annotations

import base64
import hashlib
import re

import msgspec

TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
RECORD_KEY = re.compile(r"^[A-Za-z0-9_~.:-]{1,512}$")
NSID = re.compile(
    r"^[a-zA-Z]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+$"
)
RAW, DAG_CBOR = 0x55, 0x71


def is_tid(value: str) -> bool:
    return TID.match(value) is not None


def is_record_key(value: str) -> bool:
    return RECORD_KEY.match(value) is not None and value not in (".", "..")


def is_nsid(value: str) -> bool:
    return NSID.match(value) is not None and value.count(".") >= 2


def tid_from_int(value: int) -> str:
    """13 base32-sortable characters of a 64-bit value whose top bit is zero."""
    chars = []
    for _ in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def did_for(handle: str) -> str:
    digest = base64.b32encode(hashlib.sha256(handle.encode()).digest()).decode().lower()
    return f"did:plc:{digest[:24]}"


def cid_for(data: bytes, codec: int) -> str:
    """A CIDv1 (sha2-256) in base32: real for raw blobs; records hash JSON, not DAG-CBOR."""
    multihash = bytes([0x12, 0x20]) + hashlib.sha256(data).digest()
    raw = bytes([0x01, codec]) + multihash
    return "b" + base64.b32encode(raw).decode().lower().rstrip("=")


def record_cid(record: object) -> str:
    return cid_for(msgspec.json.encode(record, order="sorted"), DAG_CBOR)
