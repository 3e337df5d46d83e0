"""The categories and areas of e-proposals are data, checked like the rulebook."""

import pytest

from eservices import create_app
from eservices.config import ConfigurationError
from eservices.content import DefinitionErrors
from eservices.proposals import categories


def test_the_shipped_file_is_valid_and_every_category_suggests_a_committee():
    found = categories.load()
    assert found.category("parker-och-natur").committee == "stadsmiljonamnden"
    assert found.area("hisingen").title.get("sv") == "Hisingen"
    assert all(category.committee for category in found.categories)


def test_every_problem_is_named_with_its_file_and_line(tmp_path):
    path = tmp_path / "categories.yaml"
    path.write_text(
        "categories:\n"
        "  - id: Parker\n"
        "    title: {sv: Parker}\n"
        "  - id: skola\n"
        "    title: {sv: Skola, en: School}\n"
        "    comittee: grundskolenamnden\n"
        "  - id: skola\n"
        "    title: {sv: Skola, en: School}\n"
        "areas: []\n",
        encoding="utf-8",
    )
    with pytest.raises(DefinitionErrors) as raised:
        categories.load(path)
    messages = [str(error) for error in raised.value.errors]
    assert any(m.startswith(f"{path}:2: categories[0].id:") for m in messages), messages
    assert any(f"{path}:3: categories[0].title" in m and "'en'" in m for m in messages), messages
    assert any(":6: " in m and "did you mean 'committee'" in m for m in messages), messages
    assert any(":7: " in m and "already used on line 4" in m for m in messages), messages
    assert any("areas" in m and "empty list" in m for m in messages), messages


def test_the_platform_refuses_to_start_with_a_broken_file(tmp_path):
    path = tmp_path / "categories.yaml"
    path.write_text("categories: nej\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="categories.yaml"):
        create_app("test", PROPOSAL_CATEGORIES=str(path))
