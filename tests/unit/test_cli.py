"""`kursbuch check` and `kursbuch build` from the command line: exit codes and messages."""

from __future__ import annotations

from kbtest import run_kursbuch


def test_check_passes_on_the_course(course_copy):
    result = run_kursbuch("check", cwd=course_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_check_reports_file_line_and_path(course_copy):
    path = course_copy / "quizzes" / "m01.yml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip() == "answer: a")
    lines[n] = lines[n].replace("answer: a", "answer: x")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_kursbuch("check", cwd=course_copy)
    assert result.returncode == 1
    assert (
        f"quizzes/m01.yml:{n + 1}: quizzes[0].items[0].answer: 'x' is not one of the options a, b, c" in result.stderr
    )
    assert result.stderr.strip().endswith("1 problem found.")


def test_check_outside_a_project_says_where_to_run(tmp_path):
    result = run_kursbuch("check", cwd=tmp_path)
    assert result.returncode == 2
    expected = (
        f"{tmp_path.resolve()}: course project: none at or above this folder — run this inside a folder that has "
        "_config.yml and quizzes/, or name one with --root"
    )
    assert expected in result.stderr, result.stderr


def test_build_stops_on_bad_content_before_touching_output(course_copy):
    (course_copy / "_build" / "html").mkdir(parents=True)
    marker = course_copy / "_build" / "html" / "index.html"
    marker.write_text("previous build", encoding="utf-8")
    path = course_copy / "quizzes" / "m01.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("next: m01-s1-n2", "next: m01-s1-n99", 1), encoding="utf-8"
    )
    result = run_kursbuch("build", cwd=course_copy)
    assert result.returncode == 1
    assert "quizzes/m01.yml:" in result.stderr and "'m01-s1-n99' is not a node of scenario m01-s1" in result.stderr
    assert marker.read_text(encoding="utf-8") == "previous build"
    assert not (course_copy / "_build" / "work").exists()


def test_schema_command_prints_the_schema(course_copy):
    result = run_kursbuch("schema", cwd=course_copy)
    assert result.returncode == 0
    assert '"title": "Kursbuch module activities (quizzes/<module>.yml)"' in result.stdout


def test_build_reports_a_broken_book_configuration_with_file_and_line(course_copy):
    config = course_copy / "_config.yml"
    text = config.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("title:"))
    config.write_text(text.replace("title: ", "title: [", 1), encoding="utf-8")
    result = run_kursbuch("build", cwd=course_copy)
    assert result.returncode == 1
    assert f"_config.yml:{line + 1}" in result.stderr or f"_config.yml:{line}" in result.stderr, result.stderr
    assert "YAML syntax error" in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert not (course_copy / "_build" / "work").exists()
