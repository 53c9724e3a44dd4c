"""One archive holding the database and every stored file, and the way back from it.

The archive is a tar file:
- ``database.pgdump``: ``pg_dump --format=custom`` on PostgreSQL (restored by ``pg_restore``);
  ``database.json``: ``dumpdata`` elsewhere (SQLite in development);
- ``storage/<alias>/<name>``: every file of the "default" (public media) and "private" (CVs)
  storages, read through the configured storage, local folders or S3 buckets alike;
- ``backup.json``: what the archive holds.
"""

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

STORAGE_ALIASES = ("default", "private")
FORMAT_VERSION = 1


def _walk(storage, folder=""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def _pg_environment():
    """libpq's variables for the configured database (no password on a command line)."""
    settings_dict = connection.settings_dict
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env, settings_dict["NAME"]


def _program(name):
    found = shutil.which(name)
    if found is None:
        raise ValueError(f"{name} is not installed (Debian package postgresql-client).")
    return found


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def create_backup(path) -> dict:
    """Write the archive to `path`; returns its summary."""
    summary = {"format": FORMAT_VERSION, "created": timezone.now().isoformat(), "files": {}}
    with (
        tempfile.TemporaryDirectory(prefix="sesric-backup-") as work,
        tarfile.open(path, "w") as archive,
    ):
        if connection.vendor == "postgresql":
            env, name = _pg_environment()
            dump = Path(work) / "database.pgdump"
            subprocess.run(  # noqa: S603 - arguments come from the settings, not from users
                [
                    _program("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "-f",
                    dump,
                    name,
                ],
                env=env,
                check=True,
            )
            archive.add(dump, "database.pgdump")
            summary["database"] = "database.pgdump"
        else:
            dump = Path(work) / "database.json"
            with dump.open("w") as out:
                call_command(
                    "dumpdata",
                    "--natural-foreign",
                    "--exclude=contenttypes",
                    "--exclude=auth.permission",
                    "--exclude=sessions",
                    stdout=out,
                )
            archive.add(dump, "database.json")
            summary["database"] = "database.json"
        for alias in STORAGE_ALIASES:
            storage = storages[alias]
            names = sorted(_walk(storage))
            for name in names:
                with storage.open(name, "rb") as source:
                    info = tarfile.TarInfo(f"storage/{alias}/{name}")
                    info.size = source.size
                    info.mtime = int(timezone.now().timestamp())
                    archive.addfile(info, source)
            summary["files"][alias] = len(names)
        _add_bytes(archive, "backup.json", json.dumps(summary, indent=2).encode())
    return summary


def restore_backup(path) -> dict:
    """Load the archive into an EMPTY database and storage (refuses otherwise)."""
    with tarfile.open(path, "r") as archive:
        summary = json.load(archive.extractfile("backup.json"))
        if summary.get("format") != FORMAT_VERSION:
            raise ValueError(f"Unknown backup format {summary.get('format')!r}.")
        with tempfile.TemporaryDirectory(prefix="sesric-restore-") as work:
            database = archive.getmember(summary["database"])
            target = Path(work) / Path(database.name).name
            with archive.extractfile(database) as source, target.open("wb") as out:
                shutil.copyfileobj(source, out)
            _restore_database(target)
        for member in archive:
            if not member.isfile() or not member.name.startswith("storage/"):
                continue
            _, alias, name = member.name.split("/", 2)
            if alias not in STORAGE_ALIASES or ".." in Path(name).parts:
                raise ValueError(f"Unexpected file in the backup: {member.name}")
            storage = storages[alias]
            with archive.extractfile(member) as source:
                saved = storage.save(name, File(source, name=name))
            if saved != name:
                raise ValueError(f"{alias}:{name} already existed; restore into empty storage.")
    return summary


def _restore_database(dump):
    if dump.suffix == ".pgdump":
        if connection.vendor != "postgresql":
            raise ValueError("This backup holds a PostgreSQL dump; configure PostgreSQL.")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            )
            if cursor.fetchone()[0]:
                raise ValueError("The database is not empty; restore into an empty database.")
        connection.close()
        env, name = _pg_environment()
        subprocess.run(  # noqa: S603 - arguments come from the settings, not from users
            [
                _program("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "-d",
                name,
                dump,
            ],
            env=env,
            check=True,
        )
    else:
        call_command("migrate", "--noinput", verbosity=0)
        call_command("loaddata", str(dump), verbosity=0)
