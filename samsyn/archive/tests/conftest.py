import pytest

from samsyn.archive.extract import Upload
from samsyn.archive.services import document_register


@pytest.fixture
def register(shk):
    """register("name.txt", "text", access=..., roles=..., kind=..., on=date) -> Document."""
    from datetime import date

    def make(
        filename, text, *, title=None, kind="other", access="internal", roles=(), on=date(2024, 5, 2), initiatives=()
    ):
        return document_register(
            actor=None,
            user=None,
            partnership=shk,
            upload=Upload.check(filename, text.encode()),
            kind=kind,
            title=title or filename,
            date=on,
            access=access,
            roles=roles,
            initiatives=initiatives,
            check=False,
        )

    return make
