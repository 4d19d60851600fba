"""The fixed names of the evidence contract: which files and folders of a dossier mean
what. One place, read by the dossier, the engine and the reporters alike."""

from __future__ import annotations

CONFIG_FILE = "ibpaudit.yaml"  # the dossier root holds it
WAIVER_FILE = "waivers.yaml"
MAPPING_FILE = "normkoppeling.yaml"  # provisional norm IDs -> official ones
ORGANISATION_FILE = "organisatie"  # organisatie.yaml: the board, its schools, role holders
ATTESTATION_DIRS = frozenset({"attestaties", "attestations"})
SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml")  # <file>.meta.yaml: metadata for <file>
REPORT_MARKER = ".ibpaudit.lock"  # every report folder has it; never read as evidence
REGISTER_DIR = "registers"  # registers the controls read by name
POLICY_DIR = "beleid"  # policy documents, known by their metadata `type`
