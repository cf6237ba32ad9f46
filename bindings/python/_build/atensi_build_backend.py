# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""A minimal, dependency-free PEP 517 build backend for the atensi bindings.

It exists so that `pip install ./bindings/python` works without network
access: with `requires = []` pip has nothing to fetch for the isolated build
environment. It builds a pure-Python wheel of the `atensi` package (and an
sdist); metadata comes from the [project] table of pyproject.toml.
"""
from __future__ import annotations

import base64
import hashlib
import io
import re
import tarfile
import zipfile
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "atensi"


def _project() -> dict[str, str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[project]", 1)[1].split("\n[", 1)[0]
    fields = {}
    for key in ("name", "version", "description", "requires-python", "readme"):
        m = re.search(rf'^{re.escape(key)}\s*=\s*"([^"]*)"', section, re.M)
        if m:
            fields[key] = m.group(1)
    return fields


def _metadata() -> str:
    p = _project()
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {p['name']}",
        f"Version: {p['version']}",
        f"Summary: {p.get('description', '')}",
        "License: Apache-2.0",
        f"Requires-Python: {p.get('requires-python', '>=3.9')}",
    ]
    readme = ROOT / p.get("readme", "README.md")
    if readme.exists():
        lines.append("Description-Content-Type: text/markdown")
        return "\n".join(lines) + "\n\n" + readme.read_text(encoding="utf-8")
    return "\n".join(lines) + "\n"


def _dist_info() -> str:
    p = _project()
    return f"{p['name']}-{p['version']}.dist-info"


def _package_files() -> list[Path]:
    files = [f for f in sorted((ROOT / PACKAGE).rglob("*"))
             if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc"]
    return files


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings: Optional[dict] = None) -> list[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[dict] = None) -> list[str]:
    return []


def prepare_metadata_for_build_wheel(metadata_directory: str,
                                     config_settings: Optional[dict] = None) -> str:
    d = Path(metadata_directory) / _dist_info()
    d.mkdir(parents=True, exist_ok=True)
    (d / "METADATA").write_text(_metadata(), encoding="utf-8")
    (d / "WHEEL").write_text(_wheel_file(), encoding="utf-8")
    return d.name


def _wheel_file() -> str:
    return ("Wheel-Version: 1.0\nGenerator: atensi_build_backend\nRoot-Is-Purelib: true\n"
            "Tag: py3-none-any\n")


def build_wheel(wheel_directory: str, config_settings: Optional[dict] = None,
                metadata_directory: Optional[str] = None) -> str:
    p = _project()
    name = f"{p['name']}-{p['version']}-py3-none-any.whl"
    dist_info = _dist_info()
    records = []
    out = Path(wheel_directory) / name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as whl:
        def add(arcname: str, data: bytes) -> None:
            info = zipfile.ZipInfo(arcname, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            whl.writestr(info, data)
            records.append(_record_line(arcname, data))

        for f in _package_files():
            add(f.relative_to(ROOT).as_posix(), f.read_bytes())
        add(f"{dist_info}/METADATA", _metadata().encode("utf-8"))
        add(f"{dist_info}/WHEEL", _wheel_file().encode("utf-8"))
        records.append(f"{dist_info}/RECORD,,")
        record = ("\n".join(records) + "\n").encode("utf-8")
        info = zipfile.ZipInfo(f"{dist_info}/RECORD", date_time=(2026, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        whl.writestr(info, record)
    return name


def build_sdist(sdist_directory: str, config_settings: Optional[dict] = None) -> str:
    p = _project()
    base = f"{p['name']}-{p['version']}"
    out = Path(sdist_directory) / f"{base}.tar.gz"
    members = [ROOT / "pyproject.toml", ROOT / "README.md", ROOT / "_build" / Path(__file__).name]
    members += _package_files()
    with tarfile.open(out, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for f in members:
            if f.exists():
                tar.add(f, arcname=f"{base}/{f.relative_to(ROOT).as_posix()}", recursive=False)
        pkg_info = _metadata().encode("utf-8")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        info.size = len(pkg_info)
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(pkg_info))
    return out.name


__all__ = ["build_sdist", "build_wheel", "get_requires_for_build_sdist",
           "get_requires_for_build_wheel", "prepare_metadata_for_build_wheel"]
