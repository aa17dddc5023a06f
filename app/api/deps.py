"""What routes depend on, named once: the services the app built at start-up."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from app.core.config import Settings
from app.models import Lecture
from app.notes.templates import TemplateLibrary
from app.queue import LectureQueue
from app.repository import LectureRepository
from app.services.lectures import Stores
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


async def get_lecture_or_404(lecture_id: str, repository: RepositoryDep) -> Lecture:
    lecture = await repository.get_lecture(lecture_id)
    if lecture is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"There is no lecture with id {lecture_id!r}."
        )
    return lecture


LectureDep = Annotated[Lecture, Depends(get_lecture_or_404)]
