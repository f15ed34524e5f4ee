"""Compiled templates kept between runs: loaded from the cache when they are current and
this user's own, compiled again otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from autograder.reports.compiled import bytecode_cache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This user's cache folder, made under `tmp_path` instead of the real home."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "aimath" / "templates"


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source from now on."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counted(env: jinja2.Environment, source: str, name: str | None = None,
                *args: object, **kwargs: object) -> object:
        names.append(str(name))
        return compile_source(env, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def _render(folder: Path, **context: object) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                             bytecode_cache=bytecode_cache("test"))
    return env.get_template("page.j2").render(**context)


def test_a_second_run_loads_the_compiled_template(tmp_path: Path, cache_dir: Path,
                                                  compiles: list[str]) -> None:
    (tmp_path / "page.j2").write_text("<p>{{ name }}</p>")
    assert _render(tmp_path, name="x") == "<p>x</p>"
    assert compiles == ["page.j2"]
    assert len(list(cache_dir.glob("test-*.cache"))) == 1
    assert _render(tmp_path, name="<y>") == "<p>&lt;y&gt;</p>"
    assert compiles == ["page.j2"]


def test_an_edited_template_is_compiled_again(tmp_path: Path, cache_dir: Path,
                                              compiles: list[str]) -> None:
    page = tmp_path / "page.j2"
    page.write_text("old {{ name }}")
    assert _render(tmp_path, name="x") == "old x"
    page.write_text("new {{ name }}")
    assert _render(tmp_path, name="x") == "new x"
    assert compiles == ["page.j2", "page.j2"]


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_cache_file_another_user_owns_is_never_loaded(tmp_path: Path, cache_dir: Path,
                                                        compiles: list[str]) -> None:
    (tmp_path / "page.j2").write_text("{{ name }}")
    _render(tmp_path, name="x")
    (cached,) = cache_dir.glob("test-*.cache")
    os.chown(cached, 65534, 65534)
    assert _render(tmp_path, name="y") == "y"
    assert compiles == ["page.j2", "page.j2"]


def test_a_group_writable_cache_file_is_never_loaded(tmp_path: Path, cache_dir: Path,
                                                     compiles: list[str]) -> None:
    (tmp_path / "page.j2").write_text("{{ name }}")
    _render(tmp_path, name="x")
    (cached,) = cache_dir.glob("test-*.cache")
    cached.chmod(0o664)
    assert _render(tmp_path, name="y") == "y"
    assert compiles == ["page.j2", "page.j2"]


def test_no_cache_where_the_folder_cannot_be_made(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert bytecode_cache("test") is None


def test_a_linked_or_shared_cache_folder_is_never_used(tmp_path: Path, cache_dir: Path) -> None:
    """A folder others can write, or a link to one, could hold code: compile instead."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o777)
    elsewhere.chmod(0o777)
    cache_dir.parent.mkdir(parents=True)
    cache_dir.symlink_to(elsewhere)
    assert bytecode_cache("test") is None
    cache_dir.unlink()
    cache_dir.mkdir()
    cache_dir.chmod(0o777)
    assert bytecode_cache("test") is None


def test_the_cache_folder_is_private(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "page.j2").write_text("{{ name }}")
    _render(tmp_path, name="x")
    assert cache_dir.stat().st_mode & 0o777 == 0o700
