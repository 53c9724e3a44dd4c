"""The wheel carries the whole site: every app, templates, static files and translations.

Built and installed into a fresh virtual environment, then started from outside the checkout,
so that nothing is found through the repository by accident. The dependencies come from the
test environment's site-packages (installing them again would only measure the network).
"""

import os
import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.packaging

STARTS_FROM_THE_WHEEL = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import django
    from django.apps import apps
    from django.contrib.staticfiles import finders
    from django.core.management import call_command
    from django.template.loader import get_template
    from django.utils import translation

    django.setup()
    call_command("check", fail_level="WARNING")
    site_packages = Path(sys.argv[1]).resolve()
    for name in sys.argv[2].split(","):
        path = Path(apps.get_app_config(name).path).resolve()
        assert path.is_relative_to(site_packages), f"{name} comes from {path}"
    for template in ("base.html", "website/home.html", "search/results.html",
                     "website/statistics.html", "programmes/detail.html"):
        get_template(template)
    assert finders.find("css/site.css"), "project static files"
    assert finders.find("admin/css/base.css"), "admin static files"
    with translation.override("ar"):
        assert translation.gettext("Statistics") != "Statistics", "project catalogue"
        assert translation.gettext("Website") == "الموقع", "website catalogue"
    print("ok")
    """
)


def local_apps():
    return [app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()]


def test_the_wheel_installs_and_starts_outside_the_checkout(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path, ROOT],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    site_packages = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The dependencies as a plain path: the checkout's editable install (a .pth hook in the
    # test environment) is not processed from there, so the project comes from the wheel only.
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            site_packages,
            wheel,
        ],
        check=True,
        capture_output=True,
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sesric_site.settings.base",
        DATABASE_URL=f"sqlite:///{outside / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [python, "-c", STARTS_FROM_THE_WHEEL, str(site_packages), ",".join(local_apps())],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
