"""``attestation``: a signed, dated statement by an allowed role, not too old."""

from __future__ import annotations

from ibpaudit.model import Status
from support import Judge, messages

PARAMS = {"id": "bewustwording-ingebed", "roles": ["bestuurder"], "max_age": "P1Y"}
ORGANISATION = "rollen:\n  bestuurder:\n    naam: M. de Vries\n"


def attestation(
    signed_on: str = "2026-06-20", name: str = "M. de Vries", role: str = "bestuurder"
) -> str:
    return (
        "id: bewustwording-ingebed\n"
        "verklaring: Bewustwording is onderdeel van de werkwijze.\n"
        f"ondertekend_door:\n  naam: {name}\n  rol: {role}\n"
        f"ondertekend_op: {signed_on}\n"
    )


def test_valid_attestation_passes(judge: Judge) -> None:
    outcome = judge(
        {"organisatie.yaml": ORGANISATION, "attestaties/a.yaml": attestation()},
        "attestation",
        PARAMS,
    )
    assert outcome.findings == ()
    assert outcome.evidence[0].path == "attestaties/a.yaml"


def test_missing_attestation_fails(judge: Judge) -> None:
    outcome = judge({}, "attestation", PARAMS)
    assert outcome.status is Status.FAILED
    assert "bewustwording-ingebed" in messages(outcome)[0]


def test_old_signature_fails(judge: Judge) -> None:
    outcome = judge({"attestaties/a.yaml": attestation("2025-01-01")}, "attestation", PARAMS)
    assert outcome.status is Status.FAILED
    assert "2025-01-01" in messages(outcome)[0]


def test_wrong_role_fails(judge: Judge) -> None:
    outcome = judge({"attestaties/a.yaml": attestation(role="stagiair")}, "attestation", PARAMS)
    assert outcome.status is Status.FAILED


def test_signer_must_hold_the_role_named_in_organisatie(judge: Judge) -> None:
    outcome = judge(
        {"organisatie.yaml": ORGANISATION, "attestaties/a.yaml": attestation(name="K. Klaas")},
        "attestation",
        PARAMS,
    )
    assert outcome.status is Status.FAILED
    assert "M. de Vries" in " ".join(messages(outcome))


def test_signature_in_the_future_fails(judge: Judge) -> None:
    outcome = judge({"attestaties/a.yaml": attestation("2027-01-01")}, "attestation", PARAMS)
    assert outcome.status is Status.FAILED


def test_unreadable_attestation_is_an_error(judge: Judge) -> None:
    outcome = judge({"attestaties/a.yaml": "id: [open\n"}, "attestation", PARAMS)
    assert outcome.status is Status.ERROR
