"""The fake Slack's file uploads, driven by the real slack_sdk WebClient (files_upload_v2's three steps)."""

from __future__ import annotations

import urllib.error
import urllib.request
import uuid

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fake_slack import FakeSlack

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
    "SUMMARY:Implementación Mi Negocio · Ferretería Andina\\, S.A.\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()


@pytest.fixture
def fake():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def client(fake) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.api_url)


def test_files_upload_v2_stores_the_exact_bytes_in_the_thread(fake, client):
    response = client.files_upload_v2(channel="C1", thread_ts="1.2", content=b"BEGIN:VCALENDAR...",
                                      filename="sesion.ics", title="Sesión")

    assert response["ok"] is True
    file_id = response["file"]["id"]
    assert [f["id"] for f in response["files"]] == [file_id]
    assert response["file"]["title"] == "Sesión"
    assert fake.files[file_id] == {
        "filename": "sesion.ics", "title": "Sesión", "content": b"BEGIN:VCALENDAR...", "channel": "C1",
        "thread_ts": "1.2", "initial_comment": None, "channels": ["C1"],
    }
    [shared] = fake.files_in_thread("C1", "1.2")
    assert shared["id"] == file_id and shared["content"] == b"BEGIN:VCALENDAR..."
    assert fake.files_in_thread("C1", "9.9") == [] and fake.files_in_thread("C2", "1.2") == []
    assert [c.method for c in fake.calls] == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]


def test_each_step_is_recorded_like_slack_sees_it(fake, client):
    client.files_upload_v2(channel="C1", thread_ts="1.2", content=ICS, filename="sesion.ics", title="Sesión",
                           initial_comment="📅 Sesión agendada")

    [url_call] = fake.calls_to("files.getUploadURLExternal")
    assert url_call.token == "xoxb-test"
    assert url_call.args["filename"] == "sesion.ics" and url_call.args["length"] == str(len(ICS))
    [upload] = fake.calls_to("upload")
    # slack_sdk POSTs the raw bytes with urllib and no explicit Content-Type: urllib's default applies.
    assert upload.args["content"] == ICS and upload.args["length"] == len(ICS)
    assert upload.args["content_type"] == "application/x-www-form-urlencoded"
    assert upload.token is None  # the upload URL carries no token
    [complete] = fake.calls_to("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C1" and complete.args["thread_ts"] == "1.2"
    assert complete.args["initial_comment"] == "📅 Sesión agendada"
    [shared] = fake.files_in_thread("C1", "1.2")
    assert shared["content"] == ICS and shared["initial_comment"] == "📅 Sesión agendada"
    assert not fake.violations


def test_str_content_is_uploaded_as_utf8(fake, client):
    response = client.files_upload_v2(channel="C1", content="Año ñandú", filename="nota.txt")
    stored = fake.files[response["file"]["id"]]
    assert stored["content"] == "Año ñandú".encode() and stored["title"] == "nota.txt"
    assert stored["thread_ts"] is None


def test_several_files_in_one_call(fake, client):
    client.files_upload_v2(channel="C1", thread_ts="1.2", file_uploads=[
        {"content": b"uno", "filename": "a.ics", "title": "A"},
        {"content": b"\x00\xff\r\n binario", "filename": "b.bin", "title": "B"},
    ])
    assert [(f["filename"], f["content"]) for f in fake.files_in_thread("C1", "1.2")] == [
        ("a.ics", b"uno"), ("b.bin", b"\x00\xff\r\n binario")]


def test_unknown_file_id_is_file_not_found(fake, client):
    with pytest.raises(SlackApiError) as raised:
        client.files_completeUploadExternal(files=[{"id": "F999", "title": "x"}], channel_id="C1")
    assert raised.value.response["error"] == "file_not_found"
    assert fake.files == {}


def test_file_whose_bytes_were_never_uploaded_is_refused(fake, client):
    file_id = client.files_getUploadURLExternal(filename="sesion.ics", length=10)["file_id"]
    with pytest.raises(SlackApiError) as raised:
        client.files_completeUploadExternal(files=[{"id": file_id}], channel_id="C1", thread_ts="1.2")
    assert raised.value.response["error"] == "file_not_found"
    assert fake.files_in_thread("C1", "1.2") == []


def test_a_file_can_be_completed_only_once(fake, client):
    file_id = client.files_upload_v2(channel="C1", content=b"x", filename="a.txt")["file"]["id"]
    with pytest.raises(SlackApiError) as raised:
        client.files_completeUploadExternal(files=[{"id": file_id}], channel_id="C2")
    assert raised.value.response["error"] == "file_not_found"
    assert fake.files[file_id]["channel"] == "C1"


@pytest.mark.parametrize("params", [{"length": 3}, {"filename": "a.txt"}, {"filename": "a.txt", "length": "tres"}],
                         ids=["no-filename", "no-length", "length-not-a-number"])
def test_get_upload_url_needs_filename_and_length(fake, client, params):
    with pytest.raises(SlackApiError) as raised:
        client.api_call("files.getUploadURLExternal", params=params)
    assert raised.value.response["error"] == "invalid_arguments"


@pytest.mark.parametrize("files", [None, "not json", "[]", '[{"title": "sin id"}]'],
                         ids=["missing", "not-json", "empty", "no-id"])
def test_complete_needs_a_list_of_file_ids(fake, client, files):
    params = {"channel_id": "C1"} if files is None else {"files": files, "channel_id": "C1"}
    with pytest.raises(SlackApiError) as raised:
        client.api_call("files.completeUploadExternal", params=params)
    assert raised.value.response["error"] == "invalid_arguments"


def test_initial_comment_is_checked_against_slack_text_limits(fake, client):
    with pytest.raises(SlackApiError) as raised:
        client.files_upload_v2(channel="C1", thread_ts="1.2", content=b"x", filename="a.txt",
                               initial_comment="x" * 4001)
    assert raised.value.response["error"] == "invalid_blocks"
    assert fake.files == {}
    assert fake.violations == ["files.completeUploadExternal: message text has 4001 characters (keep ≤ 4000)"]
    fake.violations.clear()


def test_unreachable_channel_is_not_in_channel(fake, client):
    fake.unreachable_channels.add("C9")
    with pytest.raises(SlackApiError) as raised:
        client.files_upload_v2(channel="C9", content=b"x", filename="a.txt")
    assert raised.value.response["error"] == "not_in_channel"


def test_upload_endpoint_answers_like_slack_and_accepts_multipart(fake, client):
    file_id_raw = client.files_getUploadURLExternal(filename="a.ics", length=len(ICS))
    request = urllib.request.Request(file_id_raw["upload_url"], data=ICS, method="POST")
    with urllib.request.urlopen(request) as response:
        assert response.status == 200 and response.read() == f"OK - {len(ICS)}".encode()

    # curl -F filename=@sesion.ics <upload_url>
    target = client.files_getUploadURLExternal(filename="sesion.ics", length=len(ICS))
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"filename\"; filename=\"sesion.ics\"\r\n"
            f"Content-Type: text/calendar\r\n\r\n").encode() + ICS + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(target["upload_url"], data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request) as response:
        assert response.read() == f"OK - {len(ICS)}".encode()
    client.files_completeUploadExternal(files=[{"id": target["file_id"], "title": "Sesión"}], channel_id="C1",
                                        thread_ts="1.2")
    [shared] = fake.files_in_thread("C1", "1.2")
    assert shared["content"] == ICS


def test_upload_to_an_unknown_url_is_404(fake):
    request = urllib.request.Request(f"{fake.base}/upload/F404", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request)
    assert raised.value.code == 404


def test_a_failing_upload_step_makes_files_upload_v2_fail(fake, client):
    fake.fail("upload", status=500)
    # The byte upload goes through plain urllib, outside the WebClient's retry handlers: a 4xx/5xx there
    # surfaces as urllib.error.HTTPError (SlackRequestError only for another non-200 answer that urllib accepts).
    with pytest.raises(urllib.error.HTTPError):
        client.files_upload_v2(channel="C1", content=b"x", filename="a.txt")
    assert fake.calls_to("files.completeUploadExternal") == []
    assert fake.calls_to("upload")[0].args["_failed"] == 500


def test_length_mismatch_is_a_violation(fake, client):
    target = client.files_getUploadURLExternal(filename="a.txt", length=99)
    urllib.request.urlopen(urllib.request.Request(target["upload_url"], data=b"abc", method="POST")).read()
    assert fake.violations and "declared length 99" in fake.violations[0]
    fake.violations.clear()
