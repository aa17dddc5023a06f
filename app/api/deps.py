"""What routes depend on, named once: the services the app built at start-up."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from app.accounts.models import Role
from app.api.auth import CurrentUser
from app.core.config import Settings
from app.models import Lecture
from app.notes.templates import TemplateLibrary
from app.queue import LectureQueue
from app.repository import LectureRepository
from app.services.lectures import Stores
from app.services.upload_slots import UploadSlots
from app.storage import Storage


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_repository(request: Request) -> LectureRepository:
    return request.app.state.repository


def get_storage(request: Request) -> Storage:
    return request.app.state.storage


def get_queue(request: Request) -> LectureQueue:
    return request.app.state.queue


def get_templates(request: Request) -> TemplateLibrary:
    return request.app.state.templates


def get_stores(request: Request) -> Stores:
    state = request.app.state
    return Stores(repository=state.repository, storage=state.storage, queue=state.queue)


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
RepositoryDep = Annotated[LectureRepository, Depends(get_repository)]
StorageDep = Annotated[Storage, Depends(get_storage)]
QueueDep = Annotated[LectureQueue, Depends(get_queue)]
TemplatesDep = Annotated[TemplateLibrary, Depends(get_templates)]
StoresDep = Annotated[Stores, Depends(get_stores)]


def get_upload_slots(request: Request) -> UploadSlots:
    return request.app.state.upload_slots


UploadSlotsDep = Annotated[UploadSlots, Depends(get_upload_slots)]


async def get_lecture_or_404(
    lecture_id: str, repository: RepositoryDep, user: CurrentUser
) -> Lecture:
    """The lecture, if the user may see it: its owner or an admin. To anyone else it does not
    exist (404, not 403: another teacher's lecture ids are not confirmed)."""
    lecture = await repository.get_lecture(lecture_id)
    if lecture is None or not (user.role is Role.ADMIN or lecture.owner_id == user.id):
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"There is no lecture with id {lecture_id!r}."
        )
    return lecture


LectureDep = Annotated[Lecture, Depends(get_lecture_or_404)]
