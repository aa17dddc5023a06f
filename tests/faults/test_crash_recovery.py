"""Workers killed mid-job, Redis wiped, jobs cancelled, recordings uploaded twice: nothing is lost."""

import time

import pytest

from tests.conftest import FIXTURES, upload, wait_for_lecture
from tests.faults.conftest import wait_for
from tests.webhook_receiver import Receiver, run_receiver

LECTURE = FIXTURES / "lecture_networks.mp3"


def transcript(client, lecture_id: str) -> list[dict]:
    return client.get(f"/lectures/{lecture_id}/transcript").json()["segments"]


@pytest.fixture(scope="module")
def reference(faults):
    """An uninterrupted run: what every interrupted one must reproduce."""
    with faults.service.admin_client() as http:
        lecture = upload(http, LECTURE, title="reference").json()
        finished = wait_for_lecture(http, lecture["id"])
        assert finished["status"] == "done", finished["error"]
        return transcript(http, lecture["id"])


def upload_again(client) -> str:
    response = upload(client, LECTURE, reprocess="true")
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "queued"
    return response.json()["id"]


def test_sigkill_during_transcription_resumes_to_the_same_transcript(faults, api, reference):
    lecture_id = upload_again(api)
    wait_for(
        api,
        lecture_id,
        lambda lecture, segments: lecture["stage"] == "transcribing" and segments > 0,
    )
    partial = len(transcript(api, lecture_id))

    faults.kill_worker()
    faults.start_worker()
    finished = wait_for_lecture(api, lecture_id)

    assert finished["status"] == "done", finished["error"]
    assert 0 < partial < len(reference)
    assert transcript(api, lecture_id) == reference


def test_sigkill_during_glossary_completes_with_the_same_transcript(faults, api, reference):
    lecture_id = upload_again(api)
    wait_for(api, lecture_id, lambda lecture, _: lecture["stage"] == "glossary")

    faults.kill_worker()
    faults.start_worker()
    finished = wait_for_lecture(api, lecture_id)

    assert finished["status"] == "done", finished["error"]
    assert transcript(api, lecture_id) == reference
    assert api.get(f"/lectures/{lecture_id}/summary").status_code == 200


def test_redis_wiped_while_lectures_queued_and_running_all_complete(faults, api, reference):
    ids = [upload_again(api) for _ in range(3)]
    wait_for(
        api, ids[0], lambda lecture, segments: lecture["status"] == "processing" and segments > 0
    )
    queued_before = [api.get(f"/lectures/{i}").json()["status"] for i in ids[1:]]

    faults.redis.stop()
    time.sleep(2)
    faults.redis.start()  # empty: no queue, no jobs, no leases
    finished = [wait_for_lecture(api, lecture_id) for lecture_id in ids]

    assert queued_before == ["queued", "queued"]
    assert [lecture["status"] for lecture in finished] == ["done"] * 3
    assert all(transcript(api, lecture_id) == reference for lecture_id in ids)


def test_cancel_during_transcription_stops_keeps_partial_and_retry_resumes(api, reference):
    lecture_id = upload_again(api)
    wait_for(
        api,
        lecture_id,
        lambda lecture, segments: lecture["stage"] == "transcribing" and segments > 0,
    )

    response = api.post(f"/lectures/{lecture_id}/cancel")
    assert response.status_code == 202
    assert response.json()["status"] == "cancelled"
    kept = len(transcript(api, lecture_id))
    time.sleep(3)  # a worker that had not stopped would keep adding segments meanwhile
    after = api.get(f"/lectures/{lecture_id}").json()

    assert after["status"] == "cancelled"
    assert 0 < kept == len(transcript(api, lecture_id)) < len(reference)
    assert api.post(f"/lectures/{lecture_id}/cancel").status_code == 409

    retried = api.post(f"/lectures/{lecture_id}/retry")
    assert retried.status_code == 202
    finished = wait_for_lecture(api, lecture_id)
    assert finished["status"] == "done", finished["error"]
    assert transcript(api, lecture_id) == reference


def test_delete_of_a_running_lecture_cancels_it(faults, api):
    lecture_id = upload_again(api)
    wait_for(
        api,
        lecture_id,
        lambda lecture, segments: lecture["stage"] == "transcribing" and segments > 0,
    )

    assert api.delete(f"/lectures/{lecture_id}").status_code == 204

    assert api.get(f"/lectures/{lecture_id}").status_code == 404
    assert not any(lecture_id in str(path) for path in faults.service.stored_objects())
    # The worker is free again: the next lecture is processed.
    follow_up = upload(api, FIXTURES / "jfk.flac", reprocess="true").json()
    assert wait_for_lecture(api, follow_up["id"])["status"] == "done"


def test_duplicate_upload_is_served_from_the_first_result(api, reference):
    first = upload(api, FIXTURES / "jfk.flac", title="first").json()
    assert wait_for_lecture(api, first["id"])["status"] == "done"

    second = upload(api, FIXTURES / "jfk.flac", title="second")

    assert second.status_code == 202
    copy = second.json()
    assert copy["id"] != first["id"] and copy["status"] == "done" and copy["title"] == "second"
    assert transcript(api, copy["id"]) == transcript(api, first["id"])
    assert (
        api.get(f"/lectures/{copy['id']}/glossary").json()
        == api.get(f"/lectures/{first['id']}/glossary").json()
    )
    assert (
        api.get(f"/lectures/{copy['id']}/summary").json()
        == api.get(f"/lectures/{first['id']}/summary").json()
    )
    forced = upload(api, FIXTURES / "jfk.flac", reprocess="true").json()
    assert forced["status"] == "queued"
    assert wait_for_lecture(api, forced["id"])["status"] == "done"


def test_two_workers_on_one_redis_process_a_batch_each_lecture_once(faults, api):
    if sum(worker.poll() is None for worker in faults.workers) < 2:
        faults.start_worker()
    ids = [upload(api, FIXTURES / "jfk.flac", reprocess="true").json()["id"] for _ in range(6)]

    finished = [wait_for_lecture(api, lecture_id) for lecture_id in ids]

    assert [lecture["status"] for lecture in finished] == ["done"] * len(ids)
    logs = [path.read_text(errors="replace") for path in faults.service.log_dir.glob("worker*.log")]
    starts = {i: sum(log.count(f"lecture {i}: run ") for log in logs) for i in ids}
    assert starts == dict.fromkeys(ids, 1), "a lecture was started more than once"
    workers_used = sum(any(f"lecture {i}: run " in log for i in ids) for log in logs)
    assert workers_used == 2, "the batch was not shared between the two workers"


def test_sigkill_mid_run_still_announces_the_lecture_once(faults, api):
    with run_receiver() as receiver:
        webhook = api.post("/webhooks", json={"url": receiver.url}).json()
        try:
            lecture_id = upload_again(api)
            wait_for(
                api,
                lecture_id,
                lambda lecture, segments: lecture["stage"] == "transcribing" and segments > 0,
            )

            faults.kill_worker()
            faults.start_worker()
            finished = wait_for_lecture(api, lecture_id)
            received = receiver.wait_for("lecture.done", lecture_id)
            time.sleep(3)  # a second delivery would have come meanwhile

            assert finished["status"] == "done", finished["error"]
            assert Receiver.verified(received, webhook["secret"])["data"]["lecture"]["id"] == (
                lecture_id
            )
            assert len(receiver.events("lecture.done", lecture_id)) == 1
        finally:
            api.delete(f"/webhooks/{webhook['id']}")
