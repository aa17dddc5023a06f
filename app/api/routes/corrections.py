"""A teacher's corrections to a finished lecture: a segment's text, glossary entries added, edited or
deleted, and the log of every correction. `409` while a run is at work on the lecture."""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import APIRouter, HTTPException, Path, Response, status

from app.api.auth import CurrentUser
from app.api.deps import LectureDep, RepositoryDep
from app.api.schemas import (
    GlossaryEntryCreate,
    GlossaryEntryPublic,
    GlossaryEntryUpdate,
    LectureEditPublic,
    LectureEditsPublic,
    Message,
    SegmentCorrection,
    SegmentPublic,
    named_editor,
)
from app.corrections import DuplicateTerm
from app.services import corrections
from app.services.corrections import GlossaryChanges, GlossaryDraft, NothingToCorrect

router = APIRouter(prefix="/lectures/{lecture_id}", tags=["corrections"])

ERRORS = {code: {"model": Message} for code in (404, 409)}
SegmentIndex = Path(ge=0, le=2**31 - 1, description="The segment's `index` in the transcript")


@router.patch("/transcript/segments/{index}", response_model=SegmentPublic, responses=ERRORS)
async def correct_segment(
    lecture: LectureDep,
    correction: SegmentCorrection,
    user: CurrentUser,
    repository: RepositoryDep,
    index: int = SegmentIndex,
) -> SegmentPublic:
    """Replace a segment's text; regenerated notes are built from it."""
    with _refusals_as_http():
        segment = await corrections.correct_segment(
            lecture, index, correction.text, user.id, repository
        )
    return named_editor(SegmentPublic.model_validate(segment), {user.id: user.display_name})


@router.post(
    "/glossary",
    response_model=GlossaryEntryPublic,
    status_code=status.HTTP_201_CREATED,
    responses=ERRORS,
)
async def add_glossary_entry(
    lecture: LectureDep, entry: GlossaryEntryCreate, user: CurrentUser, repository: RepositoryDep
) -> GlossaryEntryPublic:
    """Add a term; `409` when the glossary has it already (edit that entry instead)."""
    draft = GlossaryDraft(entry.term, entry.definition, entry.quote, entry.start, entry.end)
    with _refusals_as_http():
        added = await corrections.add_glossary_entry(lecture, draft, user.id, repository)
    return named_editor(GlossaryEntryPublic.model_validate(added), {user.id: user.display_name})


@router.patch("/glossary/{entry_id}", response_model=GlossaryEntryPublic, responses=ERRORS)
async def edit_glossary_entry(
    lecture: LectureDep,
    entry_id: str,
    changes: GlossaryEntryUpdate,
    user: CurrentUser,
    repository: RepositoryDep,
) -> GlossaryEntryPublic:
    """Change an entry; the fields left out stay. A term renamed away is not brought back by
    regenerating the notes."""
    with _refusals_as_http():
        edited = await corrections.edit_glossary_entry(
            lecture,
            entry_id,
            GlossaryChanges(**changes.model_dump()),
            user.id,
            repository,
        )
    return named_editor(GlossaryEntryPublic.model_validate(edited), {user.id: user.display_name})


@router.delete("/glossary/{entry_id}", status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS)
async def delete_glossary_entry(
    lecture: LectureDep, entry_id: str, user: CurrentUser, repository: RepositoryDep
) -> Response:
    """Delete an entry; regenerating the notes does not bring its term back."""
    with _refusals_as_http():
        await corrections.delete_glossary_entry(lecture, entry_id, user.id, repository)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/edits", response_model=LectureEditsPublic, responses={404: {"model": Message}})
async def list_edits(lecture: LectureDep, repository: RepositoryDep) -> LectureEditsPublic:
    """Every correction made to the lecture, oldest first: what, from what to what, who and when."""
    edits = await repository.list_edits(lecture.id)
    names = await corrections.editor_names(repository, (edit.user_id for edit in edits))
    return LectureEditsPublic(
        edits=[
            LectureEditPublic.model_validate(edit).model_copy(
                update={"user_name": names.get(edit.user_id)}
            )
            for edit in edits
        ]
    )


@contextmanager
def _refusals_as_http() -> Iterator[None]:
    """NothingToCorrect is a 404 and DuplicateTerm a 409, each with its sentence."""
    try:
        yield
    except NothingToCorrect as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    except DuplicateTerm as exc:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"The glossary already has the term {exc.args[0]!r}; edit that entry instead.",
        ) from None
