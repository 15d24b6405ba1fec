"""`make screenshots` (scripts/screenshots.py) for one role at one width, against the live test server."""

import importlib.util

import pytest
from django.db import connection

from samsyn.core.testing.browser import PROJECT_DIR, demo_password

SCRIPT = PROJECT_DIR / "scripts" / "screenshots.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def load_script():
    # scripts/ is not a package: the script is loaded from its file, as `make screenshots` runs it.
    spec = importlib.util.spec_from_file_location("samsyn_screenshots_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.browser
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the pictures do not depend on the database")
def test_screenshots_of_every_main_page_for_a_role(chromium_browser, demo_live_server, tmp_path, capsys):
    script = load_script()
    out = tmp_path / "shots"

    args = ["--out", str(out), "--roles", "lasare", "--widths", "390"]
    status = script.main(
        [*args, "--base-url", demo_live_server.url, "--password", demo_password()], browser=chromium_browser
    )

    stderr = capsys.readouterr().err
    assert status == 0, f"a page answered with an error status:\n{stderr}"
    assert "error" not in stderr
    folder = out / "lasare" / "390"
    names = {png.stem for png in folder.glob("*.png")}
    # The start page and the main menu's lists, and one detail page of each kind.
    assert {"start", "initiativ", "styrning", "arkiv", "uppfoljning"} <= names
    assert {"initiative", "meeting", "document", "portfolio", "evaluation"} <= names
    for png in folder.glob("*.png"):
        assert png.read_bytes().startswith(PNG_SIGNATURE), png
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in names:
        assert f'src="lasare/390/{name}.png"' in index
    assert "lasare · 390 px" in index
