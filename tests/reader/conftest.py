"""The fixture dossier rendered once for the reader-feature tests."""

from __future__ import annotations

import pytest

from dossier.build import BuildResult, render_project
from dossier.project import Project
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def rendered() -> BuildResult:
    return render_project(Project(FIXTURES / "site"))
