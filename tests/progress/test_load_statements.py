"""manage.py load_statements: a framework's published statements from a CSV file."""

import pytest
from django.core.management import CommandError, call_command

from progress.models import FrameworkStatement

pytestmark = pytest.mark.django_db

HEADER = "framework,band,area,aspect,text\n"


def test_statements_are_loaded_and_replaced(tmp_path):
    path = tmp_path / "statements.csv"
    path.write_text(HEADER + "dm2023,three_and_four,CL,Speaking,A statement\n"
                    "dm2023,birth_to_three,PD,,Another\n", encoding="utf-8")
    call_command("load_statements", str(path))
    assert [(s.band.code, s.area.code, s.aspect and s.aspect.name, s.text)
            for s in FrameworkStatement.objects.all()] == [
        ("birth_to_three", "PD", None, "Another"),
        ("three_and_four", "CL", "Speaking", "A statement")]
    path.write_text(HEADER + "dm2023,three_and_four,M,,Only this\n", encoding="utf-8")
    call_command("load_statements", str(path))
    assert list(FrameworkStatement.objects.values_list("text", flat=True)) == ["Only this"]


@pytest.mark.parametrize("line", [
    "dm2023,range_3,CL,,A range of the other framework",
    "dm2023,three_and_four,XX,,No such area",
    "dm2023,three_and_four,PD,Speaking,An aspect of another area",
    "nope,three_and_four,CL,,No such framework",
    "dm2023,three_and_four,CL,,",
])
def test_a_bad_line_changes_nothing(tmp_path, line):
    path = tmp_path / "statements.csv"
    path.write_text(HEADER + "dm2023,three_and_four,CL,,Good\n" + line + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Line 3"):
        call_command("load_statements", str(path))
    assert not FrameworkStatement.objects.exists()
