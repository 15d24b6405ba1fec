"""The README tells an operator every variable Samsyn reads from its environment: each one in the
Configuration table and in Running in production.

The variables are found in the code itself (every `os.environ` or `getenv` lookup of a SAMSYN_ name
in the application's modules; the tests', the test tooling's and the search evaluation's own are for
developers), so a new variable without its documentation fails here."""

import re
from pathlib import Path

SAMSYN = Path(__file__).resolve().parents[1]
README = SAMSYN.parent / "README.md"
LOOKUP = re.compile(r"""(?:environ(?:\.get)?\s*[(\[]|getenv\s*\()\s*["'](SAMSYN_[A-Z0-9_]+)["']""")
DEVELOPERS_ONLY = ("tests", "testing", "eval")


def variables_read() -> set[str]:
    found = set()
    for path in SAMSYN.rglob("*.py"):
        parts = path.relative_to(SAMSYN).parts
        if any(part in DEVELOPERS_ONLY for part in parts) or path.name == "conftest.py":
            continue
        found |= set(LOOKUP.findall(path.read_text()))
    return found


def section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_the_code_reads_variables_we_know_of():
    # The finder itself works: these are read by settings.py and gunicorn_config.py.
    assert {"SAMSYN_ENV", "SAMSYN_SECRET_KEY", "SAMSYN_WORKERS", "SAMSYN_BIND", "SAMSYN_LOG_FORMAT"} <= variables_read()


def test_the_configuration_table_names_every_variable():
    table = "\n".join(
        line for line in section(README.read_text(), "Configuration").splitlines() if line.startswith("|")
    )
    missing = sorted(name for name in variables_read() if f"`{name}`" not in table)
    assert not missing, f"not in the README's Configuration table: {missing}"


def test_the_production_section_names_every_variable():
    text = section(README.read_text(), "Running in production")
    missing = sorted(name for name in variables_read() if not re.search(rf"\b{name}\b", text))
    assert not missing, f"not in the README's Running in production: {missing}"


def test_the_production_section_shows_a_systemd_unit_and_nginx_with_tls():
    text = section(README.read_text(), "Running in production")
    assert "ExecStart=/opt/samsyn/venv/bin/samsyn serve --production" in text
    assert "listen 443 ssl" in text and "ssl_certificate " in text
    assert "proxy_set_header X-Request-ID $request_id;" in text
    assert "/healthz" in text and "/readyz" in text
