"""The demo shows news with a photo and an event with answers, once."""

from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from events.models import Event, Rsvp
from news.models import Post
from preschool.models import User


def test_the_demo_has_news_with_a_photo_and_an_event_with_answers(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert Post.objects.count() == 2 and Event.objects.count() == 3
    planting = Post.objects.get(title="Beans in the garden")
    photo = planting.photos.get()
    trip = Event.objects.get(title="Trip to Hadley Farm")
    assert set(trip.answers.values_list("status", flat=True)) == {Rsvp.Status.GOING,
                                                                   Rsvp.Status.WAITING}
    client = Client()
    client.force_login(User.objects.get(email="sophie.thompson@family.example"))
    page = client.get(reverse("news-detail", args=[planting.uuid]))
    assert reverse("news-photo", args=[photo.uuid]) in page.text
    assert client.get(reverse("news-photo", args=[photo.uuid])).status_code == 200
