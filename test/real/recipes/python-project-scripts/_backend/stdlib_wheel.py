"""A PEP 517/660 build backend on the standard library alone.

PyPI is not reachable on the machines that run the real-world matrix, so pip's build isolation
cannot fetch setuptools; this in-tree backend (`requires = []`) lets `pip install .` and
`pip install -e .` run offline. It handles what this app needs: a src/ layout, [project] name,
version and dependencies, and [project.scripts] console scripts.
"""
import base64
import hashlib
import os
import re
import tomllib
import zipfile

ROOT = os.getcwd()
SRC = os.path.join(ROOT, "src")


def _project():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]


def _dist_name(project):
    return re.sub(r"[-_.]+", "_", project["name"]).lower()


def _metadata(project):
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}"]
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    lines += [f"Requires-Dist: {dep}" for dep in project.get("dependencies", [])]
    return "\n".join(lines) + "\n"


def _entry_points(project):
    scripts = project.get("scripts", {})
    return "[console_scripts]\n" + "".join(f"{name} = {target}\n" for name, target in scripts.items())


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def _write_wheel(wheel_directory, files):
    """files: (archive name, bytes) pairs; adds the dist-info files and RECORD."""
    project = _project()
    name, version = _dist_name(project), project["version"]
    info = f"{name}-{version}.dist-info"
    files = list(files) + [
        (f"{info}/METADATA", _metadata(project).encode()),
        (f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: stdlib_wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
        (f"{info}/entry_points.txt", _entry_points(project).encode()),
    ]
    record = [_record_line(arc, data) for arc, data in files] + [f"{info}/RECORD,,"]
    files.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
    filename = f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as whl:
        for arc, data in files:
            whl.writestr(arc, data)
    return filename


def _sources():
    for folder, dirs, names in os.walk(SRC):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.endswith(".egg-info")]
        for n in names:
            if not n.endswith((".pyc", ".pyo")):
                full = os.path.join(folder, n)
                with open(full, "rb") as f:
                    yield os.path.relpath(full, SRC).replace(os.sep, "/"), f.read()


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, _sources())


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # A .pth file puts src/ on sys.path, so edits to the source take effect without a reinstall.
    pth = f"_{_dist_name(_project())}_editable.pth"
    return _write_wheel(wheel_directory, [(pth, (SRC + "\n").encode())])
