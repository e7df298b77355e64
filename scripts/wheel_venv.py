"""Build ctgraph's wheel the way the Dockerfile does and install it in a clean venv.

    python3 scripts/wheel_venv.py DEST

The build context is exactly what the Dockerfile COPYs (less what .dockerignore
excludes), copied to DEST/context with its links (ctgraph/graph -> ../graph ...);
`pip wheel --no-deps` builds DEST/dist/ctgraph-*.whl from it, and a new venv in
DEST/venv (no system site-packages) gets the wheel and its dependencies from the
package index (pip's cache makes a second run fast). tests/test_wheel.py runs the
installed `ctgraph` from outside the checkout; scripts/test.sh runs this script
while the rest of the setup runs and hands DEST to the tests
(CTGRAPH_TEST_WHEEL_DIR). Standard library only: it runs with any Python 3.11.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"


def copied_paths(dockerfile: Path = DOCKERFILE) -> list[str]:
    """The context paths the Dockerfile's COPY instructions take, in order."""
    paths: list[str] = []
    for line in dockerfile.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if not words or words[0].upper() != "COPY":
            continue
        args = [w for w in words[1:] if not w.startswith("--")]
        if any(w.startswith("--from") for w in words[1:]):
            continue  # from another stage or image, not from the context
        paths.extend(a.rstrip("/") or "." for a in args[:-1])
    return paths


def _pattern(glob: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif glob.startswith("**", i):
            out, i = out + ".*", i + 2
        elif glob[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif glob[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(glob[i]), i + 1
    return re.compile(out)


def ignore_patterns(dockerignore: Path = DOCKERIGNORE) -> list[re.Pattern[str]]:
    """.dockerignore's patterns (a path is left out when it or a folder above it matches)."""
    if not dockerignore.is_file():
        return []
    globs = [ln.strip() for ln in dockerignore.read_text(encoding="utf-8").splitlines()]
    globs = [g.lstrip("/") for g in globs if g and not g.startswith("#")]
    if any(g.startswith("!") for g in globs):
        raise SystemExit(f"{dockerignore}: exceptions (!PATTERN) are not understood by {__file__}")
    return [_pattern(g.rstrip("/")) for g in globs]


def ignored(rel: str, patterns: list[re.Pattern[str]]) -> bool:
    parts = rel.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(p.fullmatch(prefix) for p in patterns for prefix in prefixes)


def stage_context(dest: Path, root: Path = ROOT) -> Path:
    """Copy what the Dockerfile COPYs into dest (links stay links), less the ignored paths."""
    patterns = ignore_patterns(root / ".dockerignore")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in copied_paths(root / "Dockerfile"):
        src = root / name
        if not src.exists() and not src.is_symlink():
            raise SystemExit(f"Error: Dockerfile copies {name}, which does not exist in {root}")
        if src.is_dir() and not src.is_symlink():

            def skip(folder: str, names: list[str], src: Path = src) -> list[str]:
                base = Path(folder).relative_to(root).as_posix()
                return [n for n in names if ignored(f"{base}/{n}", patterns)]

            shutil.copytree(src, dest / name, symlinks=True, ignore=skip)
        elif not ignored(name, patterns):
            shutil.copy2(src, dest / name, follow_symlinks=False)
    return dest


def build(dest: Path) -> Path:
    """Stage the context, build the wheel, install it in a new venv; return the venv."""
    dest = dest.resolve()
    context = stage_context(dest / "context")
    dist = dest / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--no-deps", "-q", "-w", str(dist), str(context)], check=True)
    wheels = sorted(dist.glob("ctgraph-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"Error: expected one ctgraph wheel in {dist}, found {[w.name for w in wheels]}")
    env_dir = dest / "venv"
    shutil.rmtree(env_dir, ignore_errors=True)
    venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(env_dir)
    subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheels[0])],
        check=True,
        cwd=dest,
    )
    return env_dir


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    print(build(Path(sys.argv[1])))
