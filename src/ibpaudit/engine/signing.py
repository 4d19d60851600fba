"""Sign the run manifest, and check a signature, with OpenSSH's ``ssh-keygen -Y``.

The manifest proves that reports and dossier belong together; whoever can edit the
reports can also re-hash them. A signature made with a key the report folder does not
hold proves who vouched for the manifest. ``ssh-keygen -Y sign/verify`` is a standard
tool every auditor's machine has, with a documented format, so a signature can be
checked without ibpaudit (see docs/trust.md)::

    ssh-keygen -Y verify -f allowed_signers -I auditor@example.nl \\
        -n ibpaudit-manifest -s manifest.json.sig < manifest.json
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from ibpaudit.errors import ConfigError
from ibpaudit.i18n import Text, text

if TYPE_CHECKING:
    from ibpaudit.engine import Written

NAMESPACE = "ibpaudit-manifest"  # a signature for this purpose only (ssh-keygen -n)
SUFFIX = ".sig"
_TIMEOUT = 60  # seconds; ssh-keygen signs in milliseconds, unless it waits for a prompt


def _ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise ConfigError.of(
            text(
                "ssh-keygen niet gevonden: ondertekenen vraagt OpenSSH 8.2 of nieuwer "
                "(Debian/Ubuntu: apt-get install openssh-client)",
                "ssh-keygen not found: signing needs OpenSSH 8.2 or newer "
                "(Debian/Ubuntu: apt-get install openssh-client)",
            )
        )
    return found


def sign(manifest: Path, key: Path) -> Written:
    """Sign the manifest's bytes with the private key at ``key``; write ``<manifest>.sig``
    atomically beside it (through stdin and stdout: ssh-keygen writes no file itself)."""
    from ibpaudit.engine import Written, write_atomically

    if not key.is_file():
        raise ConfigError.of(
            text(
                "--sign {key}: dit sleutelbestand bestaat niet; geef het pad van een "
                "private SSH-sleutel",
                "--sign {key}: no such key file; give the path of a private SSH key",
                key=key,
            )
        )
    try:
        done = subprocess.run(
            [_ssh_keygen(), "-Y", "sign", "-f", str(key), "-n", NAMESPACE],
            input=manifest.read_bytes(),
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ConfigError.of(
            text(
                "--sign {key}: ssh-keygen werd niet afgerond; een sleutel met een wachtzin "
                "heeft ssh-agent nodig (voeg de sleutel eerst toe met ssh-add)",
                "--sign {key}: ssh-keygen did not finish; a key with a passphrase needs "
                "ssh-agent (ssh-add the key first)",
                key=key,
            )
        ) from None
    if done.returncode != 0 or not done.stdout:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise ConfigError.of(
            text(
                "--sign {key}: ssh-keygen kon niet ondertekenen: {why}; is het een private "
                "SSH-sleutel?",
                "--sign {key}: ssh-keygen could not sign: {why}; is it a private SSH key?",
                key=key,
                why=reason[0],
            )
        )
    target = manifest.with_name(manifest.name + SUFFIX)
    write_atomically(target, done.stdout)
    return Written(target, hashlib.sha256(done.stdout).hexdigest())


def verify(manifest: Path, signature: Path, allowed_signers: Path, signer: str) -> Text | None:
    """None when ``signature`` is a valid signature of the manifest by ``signer`` under
    ``allowed_signers`` (ssh-keygen's format); else why not, in one line."""
    for path, what in (
        (signature, text("geen handtekening", "no signature there")),
        (allowed_signers, text("geen allowed-signers-bestand", "no allowed signers file there")),
    ):
        if not path.is_file():
            return text("{path}: {what}", "{path}: {what}", path=path, what=what)
    command = [_ssh_keygen(), "-Y", "verify", "-f", str(allowed_signers), "-I", signer]
    command += ["-n", NAMESPACE, "-s", str(signature)]
    done = subprocess.run(
        command,
        input=manifest.read_bytes(),
        capture_output=True,
        timeout=_TIMEOUT,
        check=False,
    )
    if done.returncode == 0:
        return None
    reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
    return text(
        "{signature}: geen geldige handtekening van {signer} onder {name} ({reason})",
        "{signature}: not a valid signature of {name} by {signer} ({reason})",
        signature=signature,
        name=manifest.name,
        signer=signer,
        reason=reason[0],
    )
