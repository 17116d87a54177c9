from django.urls import Resolver404, resolve

from pcmd.demo.accounts import DEMO_USERS
from pcmd.guide.shots import SHOTS, SIZES, all_filenames


def test_every_demo_user_has_shots_starting_at_their_home():
    assert set(SHOTS) == {u.username for u in DEMO_USERS}
    assert all(shots[0].path == "/" for shots in SHOTS.values())


def test_every_shot_opens_a_page_of_pcmd():
    for user, shots in SHOTS.items():
        for shot in shots:
            try:
                resolve(shot.path)
            except Resolver404:  # pragma: no cover - the message names the broken entry
                raise AssertionError(f"{user}: {shot.path} is not a PCMD page") from None


def test_file_names_are_unique_per_user_page_and_size():
    slugs = [(user, s.slug) for user, shots in SHOTS.items() for s in shots]
    assert len(slugs) == len(set(slugs))
    assert SIZES == {"desktop": (1366, 800), "phone": (390, 844)}
    assert "congan-tips-phone.png" in all_filenames() and "login-desktop.png" in all_filenames()
