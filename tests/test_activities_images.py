"""Photo uploads: cleaned of EXIF, turned upright, bombs and damaged files refused."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from PIL import Image

from activities import images
from activities.models import Activity, Photo, rendition_name
from programmes.models import Programme
from tests.activities_data.factories import (
    activity_admin_form,
    image_bytes,
    make_activity,
    upload,
)


@pytest.fixture
def demo(demo_once, db):
    """The demo, loaded once for this module (tests/conftest.py `demo_once`): its tests only
    read it, and each one's writes are rolled back."""


GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture(autouse=True)
def english():
    # Messages are lazy: read them in English whatever an earlier request activated.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg_with_gps_and_orientation(size=(600, 300), orientation=6):
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "CameraMaker"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (39.0, 55.0, 30.0)
    gps[3] = "E"
    gps[4] = (32.0, 51.0, 12.0)
    return image_bytes("JPEG", size=size, exif=exif)


def test_the_test_image_really_carries_gps_data():
    exif = Image.open(io.BytesIO(jpeg_with_gps_and_orientation())).getexif()
    assert exif.get_ifd(GPS_IFD)[2] == (39.0, 55.0, 30.0)


def test_a_jpeg_with_gps_exif_comes_out_without_any_exif_and_upright():
    processed = images.process(io.BytesIO(jpeg_with_gps_and_orientation(size=(600, 300))))
    cleaned = Image.open(io.BytesIO(processed.content))
    assert dict(cleaned.getexif()) == {}
    assert "exif" not in cleaned.info
    # Orientation 6 means "rotate 90°": the 600×300 sensor image is a 300×600 portrait.
    assert cleaned.size == (300, 600)
    for content in images.renditions(processed.content).values():
        rendition = Image.open(io.BytesIO(content))
        assert dict(rendition.getexif()) == {}
        assert "exif" not in rendition.info


@pytest.mark.django_db
def test_a_saved_photo_and_its_renditions_carry_no_gps(demo, media, run_tasks):
    activity = Activity.objects.get(slug="diplomacy-cab-2021-cultural-diplomacy")
    photo = Photo.objects.create(
        activity=activity,
        image=upload(jpeg_with_gps_and_orientation(size=(2000, 1000))),
        alt_text_en="A portrait photo",
    )
    assert not photo.renditions_ready and photo.widths == []
    run_tasks()  # the renditions
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (1000, 2000)
    stored = [photo.image.name] + [
        rendition_name(photo.image.name, width, ext)
        for width in photo.widths
        for ext in ("webp", "jpg")
    ]
    assert photo.widths == [480, 960, 1000]
    for name in stored:
        with default_storage.open(name) as file:
            image = Image.open(file)
            image.load()
            assert dict(image.getexif()) == {}, name
            assert image.format == ("WEBP" if name.endswith(".webp") else "JPEG")
    assert photo.srcset_webp.endswith("1000w")
    # The stored files are named by content, never by the uploader's file name.
    assert "photo" not in photo.image.name.rsplit("/", 1)[-1]


def test_a_damaged_file_is_rejected_with_a_clear_message():
    content = image_bytes("JPEG", size=(800, 600))
    damaged = content[: len(content) // 3]
    with pytest.raises(ValidationError) as error:
        images.validate_photo(upload(damaged))
    assert error.value.code == "invalid"
    assert "damaged" in error.value.messages[0]


def test_a_file_that_is_not_an_image_is_rejected():
    with pytest.raises(ValidationError) as error:
        images.validate_photo(upload(b"%PDF-1.7 not a photo", name="cv.jpg"))
    assert error.value.code == "invalid"


def test_formats_outside_the_allow_list_are_rejected():
    with pytest.raises(ValidationError) as error:
        images.validate_photo(upload(image_bytes("GIF", size=(20, 20)), name="a.gif"))
    assert error.value.code == "format"
    assert "GIF" in error.value.messages[0]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_allowed_formats_pass(fmt):
    images.validate_photo(upload(image_bytes(fmt, size=(40, 30))))


def test_a_huge_pixel_image_is_refused_from_its_header():
    # 9000 × 9000 = 81 Mpx: under Pillow's own warning threshold (~89 Mpx), over ours (40 Mpx).
    # One bit per pixel compresses to a few kilobytes: a small file that would decode to GBs.
    bomb = image_bytes("PNG1", size=(9000, 9000))
    assert len(bomb) < 200_000
    assert Image.MAX_IMAGE_PIXELS > 9000 * 9000
    with pytest.raises(ValidationError) as error:
        images.validate_photo(upload(bomb, name="bomb.png", content_type="image/png"))
    assert error.value.code == "too_large"
    assert "9000 × 9000" in error.value.messages[0]


def test_pillows_own_bomb_warning_is_an_error(settings):
    # With our limit raised above Pillow's, Pillow's warning must still stop the image.
    settings.ACTIVITIES_PHOTO_MAX_PIXELS = 10**10
    size = (10_000, 9_000)  # 90 Mpx: Pillow only warns (DecompressionBombWarning)
    bomb = image_bytes("PNG1", size=size)
    with pytest.raises(ValidationError) as error:
        images.validate_photo(upload(bomb, name="bomb.png", content_type="image/png"))
    assert error.value.code == "too_large"


def test_transparent_png_is_flattened_on_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (100, 50), (255, 0, 0, 0)).save(buffer, "PNG")
    processed = images.process(io.BytesIO(buffer.getvalue()))
    cleaned = Image.open(io.BytesIO(processed.content)).convert("RGB")
    assert cleaned.getpixel((10, 10)) == (255, 255, 255)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_admin_adds_several_photos_at_once(demo, staff_client, media):
    programme = Programme.objects.get(slug="diplomacy-cab")
    files = [
        upload(jpeg_with_gps_and_orientation(), name="one.jpg"),
        upload(image_bytes("PNG", size=(300, 200)), name="two.png", content_type="image/png"),
        upload(image_bytes("WEBP", size=(300, 200)), name="three.webp", content_type="image/webp"),
    ]
    response = staff_client.post(
        reverse("admin:activities_activity_add"),
        activity_admin_form(
            programme, new_photos=files, new_photos_alt_text="Participants in the hall"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get(slug="a-course-with-photos")
    photos = list(activity.photos.all())
    assert [p.alt_text for p in photos] == [f"Participants in the hall ({n}/3)" for n in (1, 2, 3)]
    assert all(p.image.name.endswith(".jpg") for p in photos)
    # The article was sanitised on save.
    assert activity.body_en == "<p>Hello</p>"
    # The change list shows thumbnails in one page load.
    changelist = staff_client.get(reverse("admin:activities_activity_changelist"))
    assert changelist.status_code == 200
    assert 'class="admin-thumbnail"' in changelist.content.decode()


@pytest.mark.django_db
def test_admin_refuses_bad_files_and_missing_alt_text_with_clear_errors(demo, staff_client):
    programme = Programme.objects.get(slug="diplomacy-cab")
    content = image_bytes("JPEG", size=(400, 300))
    response = staff_client.post(
        reverse("admin:activities_activity_add"),
        activity_admin_form(
            programme,
            new_photos=[upload(content[:200], name="broken.jpg")],
            new_photos_alt_text="",
            end_date="2024-05-01",
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "broken.jpg: This file is not an image, or it is damaged." in page
    assert "Describe the added photos" in page
    assert "The end date cannot be before the start date." in page
    assert not Activity.objects.filter(slug="a-course-with-photos").exists()


@pytest.mark.django_db
def test_admin_errors_are_translated(demo, staff_client):
    programme = Programme.objects.get(slug="diplomacy-cab")
    response = staff_client.post(
        reverse("admin:activities_activity_add").replace("/en/", "/fr/"),
        activity_admin_form(programme, new_photos=[upload(b"nope", name="x.jpg")]),
    )
    page = response.content.decode()
    assert "x.jpg\u00a0: Ce fichier n’est pas une image, ou il est endommagé." in page
    assert "Décrivez les photos ajoutées" in page


@pytest.mark.django_db
def test_an_inline_photo_without_alt_text_is_refused(demo, staff_client):
    activity = make_activity(Programme.objects.get(slug="diplomacy-cab"), 1)
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    data = activity_admin_form(
        activity.programme,
        slug=activity.slug,
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": upload(image_bytes("JPEG", size=(300, 200))),
            "photos-0-alt_text_en": "",
            "photos-0-order": "0",
        },
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert activity.photos.count() == 0


@pytest.mark.django_db
def test_deleting_a_photo_removes_its_files(demo, media, django_capture_on_commit_callbacks):
    activity = Activity.objects.get(slug="diplomacy-cab-2021-cultural-diplomacy")
    photo = Photo.objects.create(
        activity=activity, image=upload(image_bytes("JPEG", (700, 500), (1, 2, 3))), alt_text_en="x"
    )
    name = photo.image.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not default_storage.exists(name)
    assert not default_storage.exists(rendition_name(name, 480, "webp"))


def test_a_file_over_the_byte_limit_is_refused(settings):
    settings.ACTIVITIES_PHOTO_MAX_BYTES = 1024 * 1024
    big = image_bytes("PNG", size=(10, 10)) + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        images.validate_photo(upload(big, name="big.png", content_type="image/png"))
    assert error.value.code == "file_size"
    assert "larger than 1 MB" in error.value.messages[0]


@pytest.mark.django_db
def test_deleting_one_of_two_photos_of_the_same_picture_keeps_its_files(
    demo, media, django_capture_on_commit_callbacks, run_tasks
):
    activity = Activity.objects.get(slug="diplomacy-cab-2021-cultural-diplomacy")
    photo = Photo.objects.create(
        activity=activity, image=upload(image_bytes("JPEG", (700, 500), (3, 2, 1))), alt_text_en="x"
    )
    run_tasks()  # its renditions
    name = photo.image.name
    twin = Photo.objects.create(activity=activity, image=name, alt_text_en="y")
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert default_storage.exists(name)
    assert default_storage.exists(rendition_name(name, 480, "webp"))
    with django_capture_on_commit_callbacks(execute=True):
        twin.delete()
    assert not default_storage.exists(name)
    assert not default_storage.exists(rendition_name(name, 480, "webp"))


@pytest.mark.django_db
def test_an_uploaded_jpeg_is_decoded_at_full_size_once(demo, staff_client, media, monkeypatch):
    """The form's check decodes in draft mode; only the processing decodes every pixel."""
    from PIL import ImageFile

    full_size_loads = []
    original_load = ImageFile.ImageFile.load

    def counting_load(image):
        # `tile` lists what is still to decode; it is empty once the pixels are loaded.
        if image.format == "JPEG" and image.tile and image.size == (600, 300):
            full_size_loads.append(image.size)
        return original_load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    programme = Programme.objects.get(slug="diplomacy-cab")
    response = staff_client.post(
        reverse("admin:activities_activity_add"),
        activity_admin_form(
            programme,
            new_photos=[upload(jpeg_with_gps_and_orientation(orientation=1), name="one.jpg")],
            new_photos_alt_text="Participants",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Activity.objects.get(slug="a-course-with-photos").photos.count() == 1
    assert full_size_loads == [(600, 300)]


@pytest.mark.django_db
def test_twenty_photos_in_one_admin_save_are_stored_at_once_their_renditions_queued(
    demo, staff_client, media, run_tasks
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    programme = Programme.objects.get(slug="diplomacy-cab")
    run_tasks()  # the demo's own (it made its renditions at once: nothing left to do)
    files = [
        upload(image_bytes("JPEG", size=(640 + n, 400)), name=f"photo-{n}.jpg") for n in range(20)
    ]
    response = staff_client.post(
        reverse("admin:activities_activity_add"),
        activity_admin_form(programme, new_photos=files, new_photos_alt_text="The hall"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get(slug="a-course-with-photos")
    photos = list(activity.photos.all())
    assert len(photos) == 20
    queued = DBTaskResult.objects.ready().filter(task_path__endswith="make_photo_renditions")
    assert queued.count() == 20
    assert not any(photo.renditions_ready for photo in photos)
    # Until the renditions exist: the original, no srcset, and the admin says they are pending.
    assert all(default_storage.exists(photo.image.name) for photo in photos)
    assert not any(default_storage.exists(name) for p in photos for name in p.stored_names()[1:])
    page = staff_client.get(activity.get_absolute_url()).content.decode()
    gallery = page.split('id="gallery-heading"')[1]
    assert photos[0].image.url in gallery and not re.search(r'srcset="[^"]', gallery)
    change = staff_client.get(reverse("admin:activities_activity_change", args=[activity.pk]))
    assert change.content.decode().count("Processing: the sizes for the site") == 20

    assert run_tasks() == 20
    for photo in activity.photos.all():
        assert photo.renditions_ready and photo.widths == [480, 640 + photo.order]
        assert all(default_storage.exists(name) for name in photo.stored_names())
    page = staff_client.get(activity.get_absolute_url()).content.decode()
    assert 'type="image/webp" srcset=' in page
    # The task is idempotent: queued again, it finds the work done.
    from activities.tasks import make_photo_renditions

    make_photo_renditions.enqueue(photos[0].pk)
    assert run_tasks() == 1
    # The daily sweep knows every rendition (stored_names) and keeps them.
    call_command("sweep_uploads", stdout=io.StringIO())
    assert all(default_storage.exists(n) for p in photos for n in p.stored_names())
