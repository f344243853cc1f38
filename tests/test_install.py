"""A non-editable install (`pip install .`) works: content from CAMPAIGNS_DIR, nothing written
into the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_LEAVE_OUT = shutil.ignore_patterns(
    ".venv", ".git", "node_modules", "instance", "test-output", "build", "*.egg-info", "__pycache__"
)

# Run with only the installed copy importable (and the venv's dependencies).
_USE_APP = """
import sys, pathlib
sys.path.insert(0, sys.argv[1])
from webapp import create_app
from webapp.schema import upgrade
from webapp.config import ConfigError
target, workdir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
import webapp, letters
assert pathlib.Path(webapp.__file__).is_relative_to(target), webapp.__file__
settings = {"APP_ENV": "testing", "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "WTF_CSRF_ENABLED": False}
try:
    create_app(settings)
except ConfigError as exc:
    print("WITHOUT CAMPAIGNS_DIR:", exc)
import os
os.environ["CAMPAIGNS_DIR"] = sys.argv[3]
app = create_app(settings)
upgrade(app)
client = app.test_client()
client.post("/find-your-mp", data={"postcode": "SW1A 1AA"})
client.post("/your-letter", data={"name": "Ann Example", "address_line1": "1 High Street",
                                  "town": "London", "postcode": "SW1A 1AA"})
pdf = client.get("/letter.pdf")
print("PDF:", pdf.status_code, pdf.data[:5])
print("INSTANCE:", app.instance_path)
"""


def test_a_non_editable_install_runs_with_a_content_folder(tmp_path):
    """Installed as a plain package, the app finds its campaign in CAMPAIGNS_DIR, makes a PDF,
    and keeps its instance folder outside the package."""
    source, target, workdir = tmp_path / "source", tmp_path / "site", tmp_path / "work"
    shutil.copytree(ROOT, source, ignore=_LEAVE_OUT)
    workdir.mkdir()
    built = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), "."],
        cwd=source,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "deprecated" not in built.stderr, built.stderr[-3000:]
    (dist_info,) = target.glob("write_to_your_mp-*.dist-info")
    assert "License-Expression: MIT" in (dist_info / "METADATA").read_text(encoding="utf-8")
    assert (dist_info / "licenses" / "LICENSE").is_file()
    assert not (target / "templates").exists()  # the campaign content is not in the package
    before = {p for p in target.rglob("*") if "__pycache__" not in p.parts}
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CAMPAIGNS_DIR", "INSTANCE_PATH", "DATABASE_URL", "PYTHONPATH"}
    }
    result = subprocess.run(
        [sys.executable, "-c", _USE_APP, str(target), str(workdir), str(ROOT / "templates")],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WITHOUT CAMPAIGNS_DIR: The campaign content" in result.stdout
    assert "set CAMPAIGNS_DIR" in result.stdout
    assert "PDF: 200 b'%PDF-'" in result.stdout
    instance = Path(result.stdout.split("INSTANCE: ", 1)[1].strip())
    for package in ("webapp", "letters"):
        assert not instance.is_relative_to(target / package)
    after = {p for p in target.rglob("*") if "__pycache__" not in p.parts}
    assert after - before <= {instance, *instance.rglob("*")}  # nothing written into a package


def test_the_licence_is_an_spdx_expression_with_its_file():
    """pyproject names the licence as SPDX (no deprecated table) and ships the LICENSE file."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    for pattern in project["project"]["license-files"]:
        assert list(ROOT.glob(pattern)), pattern
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    (setuptools,) = [r for r in project["build-system"]["requires"] if r.startswith("setuptools")]
    assert setuptools == "setuptools>=77"  # the first to read SPDX `license` and `license-files`
