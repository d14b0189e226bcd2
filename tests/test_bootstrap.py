import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.mark.django_db
def test_creates_admin_once_and_prints_password(capsys):
    call_command("bootstrap", "--no-sample")
    out = capsys.readouterr().out
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    password = next(
        line.split("password:")[1].strip(" |") for line in out.splitlines() if "password:" in line
    )
    assert admin.check_password(password)

    call_command("bootstrap", "--no-sample")
    assert capsys.readouterr().out == ""
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_does_nothing_when_a_superuser_exists(capsys):
    get_user_model().objects.create_superuser("owner", password="x")
    call_command("bootstrap", "--no-sample")
    assert capsys.readouterr().out == ""
    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_imports_the_sample_digest_once_when_there_are_no_papers(capsys):
    from papers.management.commands.bootstrap import SAMPLE_DIGEST
    from papers.models import Digest, Paper
    from tests.digests import SEED

    assert SAMPLE_DIGEST.read_bytes() == SEED.read_bytes()  # the shipped copy is the real sample
    call_command("bootstrap")
    assert "Imported the sample digest: 72 papers" in capsys.readouterr().out
    assert Paper.objects.count() == 72
    call_command("bootstrap")
    assert "sample" not in capsys.readouterr().out
    assert Digest.objects.count() == 1
