import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.mark.django_db
def test_creates_admin_once_and_prints_password(capsys):
    call_command("bootstrap")
    out = capsys.readouterr().out
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    password = next(
        line.split("password:")[1].strip(" |") for line in out.splitlines() if "password:" in line
    )
    assert admin.check_password(password)

    call_command("bootstrap")
    assert capsys.readouterr().out == ""
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_does_nothing_when_a_superuser_exists(capsys):
    get_user_model().objects.create_superuser("owner", password="x")
    call_command("bootstrap")
    assert capsys.readouterr().out == ""
    assert not get_user_model().objects.filter(username="admin").exists()
