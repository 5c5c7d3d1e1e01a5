"""The PEP 517 build backend of the cloudlife Python package: stdlib only, so ``pip install
./python`` needs no package index and no setuptools, and nothing is written into the source tree
(no ``build/``, no ``*.egg-info``): the wheel is assembled in memory from ``pyproject.toml``'s
``[project]`` table and the ``cloudlife/`` directory and written to the directory pip asks for.

Hooks: build_wheel, build_sdist, build_editable (PEP 660: a ``.pth`` pointing at this
directory), their get_requires_* (nothing) and prepare_metadata_for_build_wheel. Reading
``pyproject.toml`` uses ``tomllib`` (Python >= 3.11); older Pythons ask for ``tomli``.
"""
import base64
import hashlib
import io
import os
import sys
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "cloudlife"
# Reproducible archives: every member gets this timestamp (1980-01-01, the zip epoch).
EPOCH = (1980, 1, 1, 0, 0, 0)


def _load_toml(path):
    try:
        import tomllib
    except ImportError:  # Python < 3.11: get_requires_* asked pip for tomli
        import tomli as tomllib
    with open(path, "rb") as f:
        return tomllib.load(f)


def _project():
    return _load_toml(os.path.join(ROOT, "pyproject.toml"))["project"]


def _dist_name(project):
    return f"{project['name'].replace('-', '_')}-{project['version']}"


def _metadata(project):
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
             f"Summary: {project['description']}"]
    license_ = project.get("license", {})
    if "text" in license_:
        lines.append(f"License: {license_['text']}")
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    for requirement in project.get("dependencies", []):
        lines.append(f"Requires-Dist: {requirement}")
    readme = project.get("readme")
    body = ""
    if readme:
        lines.append("Description-Content-Type: text/markdown")
        with open(os.path.join(ROOT, readme), encoding="utf-8") as f:
            body = "\n" + f.read()
    return "\n".join(lines) + "\n" + body


def _entry_points(project):
    out = []
    for group, entries in project.get("entry-points", {}).items():
        out.append(f"[{group}]")
        out += [f"{name} = {target}" for name, target in entries.items()]
        out.append("")
    return "\n".join(out)


def _dist_info_files(project, tag="py3-none-any"):
    return {
        "METADATA": _metadata(project),
        "WHEEL": f"Wheel-Version: 1.0\nGenerator: cloudlife_build\nRoot-Is-Purelib: true\nTag: {tag}\n",
        "entry_points.txt": _entry_points(project),
    }


def _package_files():
    """(archive path, absolute path) of every file of the package, sorted."""
    found = []
    for directory, subdirs, files in os.walk(os.path.join(ROOT, PACKAGE)):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            full = os.path.join(directory, name)
            found.append((os.path.relpath(full, ROOT).replace(os.sep, "/"), full))
    return found


def _write_wheel(wheel_directory, members):
    """members: (archive path, bytes). Adds RECORD and returns the wheel's file name."""
    project = _project()
    dist = _dist_name(project)
    dist_info = f"{dist}.dist-info"
    members = list(members) + [(f"{dist_info}/{name}", text.encode())
                               for name, text in _dist_info_files(project).items()]
    record = []
    for path, data in members:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{dist_info}/RECORD,,")
    members.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    filename = f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in members:
            info = zipfile.ZipInfo(path, EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data)
    return filename


def _read(path):
    with open(path, "rb") as f:
        return f.read()


# -- PEP 517 / PEP 660 hooks ---------------------------------------------------------------------

def _requires():
    return [] if sys.version_info >= (3, 11) else ["tomli>=1.1"]


def get_requires_for_build_wheel(config_settings=None):
    return _requires()


def get_requires_for_build_sdist(config_settings=None):
    return _requires()


def get_requires_for_build_editable(config_settings=None):
    return _requires()


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    project = _project()
    dist_info = f"{_dist_name(project)}.dist-info"
    os.makedirs(os.path.join(metadata_directory, dist_info), exist_ok=True)
    for name, text in _dist_info_files(project).items():
        with open(os.path.join(metadata_directory, dist_info, name), "w", encoding="utf-8") as f:
            f.write(text)
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, [(path, _read(full)) for path, full in _package_files()])


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, [(f"__editable__.{PACKAGE}.pth", (ROOT + "\n").encode())])


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    dist = _dist_name(project)
    filename = f"{dist}.tar.gz"
    files = [("pyproject.toml", os.path.join(ROOT, "pyproject.toml")),
             ("_backend/cloudlife_build.py", os.path.abspath(__file__))] + _package_files()
    readme = project.get("readme")
    if readme:
        files.append((readme, os.path.join(ROOT, readme)))
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz", format=tarfile.PAX_FORMAT) as sdist:
        members = [(path, _read(full)) for path, full in files]
        members.append(("PKG-INFO", _metadata(project).encode()))
        for path, data in members:
            info = tarfile.TarInfo(f"{dist}/{path}")
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 315532800  # EPOCH, UTC
            sdist.addfile(info, io.BytesIO(data))
    return filename
