"""The PEP 517 build backend of the cloudlife Python package: stdlib only, so ``pip install
./python`` needs no package index and no setuptools, and nothing is written into the source tree
(no ``build/``, no ``*.egg-info``): the wheel is assembled in memory from ``pyproject.toml``'s
``[project]`` table and the ``cloudlife/`` directory and written to the directory pip asks for.

The native code (the extension ``cloudlife._native``, python/native/): build_wheel packs it as
``cloudlife/_native<EXT_SUFFIX>`` and tags the wheel for the interpreter running the build
(``cpXY-cpXY-<platform>``), taking the module from the first of:

1. ``$CLOUDLIFE_NATIVE_MODULE`` — a built ``_native<EXT_SUFFIX>`` (``make wheel`` sets it);
2. ``$CLOUDLIFE_BUILD_DIR`` (an absolute path) — a configured CMake build tree of this checkout: its target
   ``cloudlife_native`` is brought up to date (``cmake --build DIR --target cloudlife_native``)
   and taken;
3. the checkout around this directory (``pip install ./python`` in a cloudlife clone): compiled
   with the system's cmake and C++ compiler (the build dependencies of the project plus
   pybind11-dev and python3-dev) into a temporary build tree that is removed afterwards (Release,
   tests off, ``Python3_EXECUTABLE`` = this interpreter; ``CMAKE_BUILD_PARALLEL_LEVEL`` and
   ``CMAKE_CXX_COMPILER_LAUNCHER`` are honoured). A failing compile fails the install, with
   cmake's output, instead of quietly dropping the native code.

Without a checkout around it (the .deb's /usr/share/cloudlife/python, an sdist) or with
``CLOUDLIFE_PURE=1`` the wheel is pure Python (``py3-none-any``) and says so on stderr: then
``cloudlife.Cloudlife`` runs the binary, and ``Server``/``mock`` say what is missing.

Hooks: build_wheel, build_sdist, build_editable (PEP 660: a ``.pth`` pointing at this
directory), their get_requires_* (nothing) and prepare_metadata_for_build_wheel. Reading
``pyproject.toml`` uses ``tomllib`` (Python >= 3.11); older Pythons ask for ``tomli``.
"""
import base64
import hashlib
import io
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
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


PURE_TAG = "py3-none-any"


def _dist_info_files(project, tag=PURE_TAG):
    purelib = "true" if tag == PURE_TAG else "false"
    return {
        "METADATA": _metadata(project),
        "WHEEL": f"Wheel-Version: 1.0\nGenerator: cloudlife_build\nRoot-Is-Purelib: {purelib}\nTag: {tag}\n",
        "entry_points.txt": _entry_points(project),
    }


def _native_tag():
    abi = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{abi}-{abi}-{platform}"


def _checkout():
    """The cloudlife source tree around this directory, or None."""
    repo = os.path.dirname(ROOT)
    if os.path.isfile(os.path.join(repo, "python", "native", "native.cc")) and \
            os.path.isfile(os.path.join(repo, "CMakeLists.txt")):
        return repo
    return None


def _native_source():
    """Where the extension comes from: ("module", path), ("build-dir", dir), ("checkout", repo)
    or None for a pure wheel (see the module documentation). Builds nothing."""
    if os.environ.get("CLOUDLIFE_PURE") == "1":
        return None
    if os.environ.get("CLOUDLIFE_NATIVE_MODULE"):
        return "module", os.environ["CLOUDLIFE_NATIVE_MODULE"]
    if os.environ.get("CLOUDLIFE_BUILD_DIR"):
        build_dir = os.environ["CLOUDLIFE_BUILD_DIR"]
        if not os.path.isabs(build_dir):  # pip runs this hook in python/, not in the caller's directory
            raise RuntimeError(f"CLOUDLIFE_BUILD_DIR={build_dir}: give an absolute path "
                               f"(e.g. CLOUDLIFE_BUILD_DIR=$PWD/{build_dir})")
        return "build-dir", build_dir
    repo = _checkout()
    return ("checkout", repo) if repo else None


def _wheel_tag():
    return _native_tag() if _native_source() else PURE_TAG


def _run(cmd, cwd=None):
    print("cloudlife_build: " + " ".join(cmd), file=sys.stderr, flush=True)
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"cloudlife_build: {' '.join(cmd)} failed ({done.returncode}); it said:\n"
                           f"{done.stdout[-6000:]}\nSet CLOUDLIFE_PURE=1 for the pure-Python package "
                           f"(cloudlife.Cloudlife runs the binary), or install the build dependencies "
                           f"(scripts/install-deps.sh, pybind11-dev, python3-dev).")


def _built_module(build_dir):
    path = os.path.join(build_dir, "python", PACKAGE, "_native" + sysconfig.get_config_var("EXT_SUFFIX"))
    if not os.path.isfile(path):
        found = os.listdir(os.path.dirname(path)) if os.path.isdir(os.path.dirname(path)) else []
        raise RuntimeError(f"cloudlife_build: {build_dir} built no {os.path.basename(path)} for "
                           f"{sys.executable} (found: {found or 'nothing'}); configure it with "
                           f"-DPython3_EXECUTABLE={sys.executable}")
    return path


def _compile(repo, build_dir):
    if shutil.which("cmake") is None:
        raise RuntimeError("cloudlife_build: compiling cloudlife._native needs cmake (apt-get install "
                           "cmake g++ pybind11-dev python3-dev and scripts/install-deps.sh), or set "
                           "CLOUDLIFE_PURE=1 for the pure-Python package")
    configure = ["cmake", "-S", repo, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                 "-DCLOUDLIFE_BUILD_TESTS=OFF", f"-DPython3_EXECUTABLE={sys.executable}"]
    if shutil.which("ninja"):
        configure += ["-G", "Ninja"]
    _run(configure)
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 2)
    _run(["cmake", "--build", build_dir, "--target", "cloudlife_native", "-j", jobs])
    return _built_module(build_dir)


def _native_module():
    """(archive path, bytes, wheel tag) of the extension to pack, or None for a pure wheel."""
    source = _native_source()
    if source is None:
        print("cloudlife_build: no native extension (not in a cloudlife checkout, or CLOUDLIFE_PURE=1): "
              "a pure-Python wheel; cloudlife.Server and cloudlife.mock will need one", file=sys.stderr)
        return None
    kind, where = source
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    if kind == "module":
        path = where
        name = os.path.basename(path)
        if not name.startswith("_native.") or not name.endswith(suffix):
            raise RuntimeError(f"CLOUDLIFE_NATIVE_MODULE={path}: expected _native{suffix}, built for "
                               f"this interpreter ({sys.executable})")
        return f"{PACKAGE}/{name}", _read(path), _native_tag()
    if kind == "build-dir":
        _run(["cmake", "--build", where, "--target", "cloudlife_native"])
        return f"{PACKAGE}/_native{suffix}", _read(_built_module(where)), _native_tag()
    with tempfile.TemporaryDirectory(prefix="cloudlife-native-") as build_dir:
        return f"{PACKAGE}/_native{suffix}", _read(_compile(where, build_dir)), _native_tag()


def _package_files():
    """(archive path, absolute path) of every file of the package, sorted."""
    found = []
    for directory, subdirs, files in os.walk(os.path.join(ROOT, PACKAGE)):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")) or name.startswith("_native."):
                continue  # a compiled module is packed only as _native_module() decides
            full = os.path.join(directory, name)
            found.append((os.path.relpath(full, ROOT).replace(os.sep, "/"), full))
    return found


def _write_wheel(wheel_directory, members, tag=PURE_TAG):
    """members: (archive path, bytes). Adds RECORD and returns the wheel's file name."""
    project = _project()
    dist = _dist_name(project)
    dist_info = f"{dist}.dist-info"
    members = list(members) + [(f"{dist_info}/{name}", text.encode())
                               for name, text in _dist_info_files(project, tag).items()]
    record = []
    for path, data in members:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{dist_info}/RECORD,,")
    members.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    filename = f"{dist}-{tag}.whl"
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
    for name, text in _dist_info_files(project, _wheel_tag()).items():
        with open(os.path.join(metadata_directory, dist_info, name), "w", encoding="utf-8") as f:
            f.write(text)
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    members = [(path, _read(full)) for path, full in _package_files()]
    native = _native_module()
    if native is None:
        return _write_wheel(wheel_directory, members)
    return _write_wheel(wheel_directory, members + [native[:2]], native[2])


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
