"""Search across the lectures a person may see: transcripts, glossaries and summaries."""

from fastapi import APIRouter, HTTPException, Query, status

from app.accounts.models import Role
from app.api.auth import CurrentUser
from app.api.deps import RepositoryDep
from app.api.schemas import Message, SearchResultPublic, SearchResultsPublic, SnippetPart
from app.repository.base import SearchUnavailable
from app.search import MAX_QUERY_CHARS, SearchQuery, snippet

router = APIRouter(prefix="/search", tags=["search"])


@router.get(
    "",
    response_model=SearchResultsPublic,
    responses={422: {"model": Message}, 501: {"model": Message}},
)
async def search(
    user: CurrentUser,
    repository: RepositoryDep,
    q: str = Query(
        description=f"Plain words, at most {MAX_QUERY_CHARS} characters; every word must occur, "
        "in any grammatical form (Snowball stems in the lecture's language)"
    ),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=10_000),
) -> SearchResultsPublic:
    """Passages of your lectures (an admin's: everyone's) that hold the words, best first."""
    try:
        query = SearchQuery.parse(q)
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    owner_id = None if user.role is Role.ADMIN else user.id
    try:
        hits, total = await repository.search(query, owner_id=owner_id, limit=limit, offset=offset)
    except SearchUnavailable as exc:
        raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, str(exc)) from exc
    return SearchResultsPublic(
        items=[
            SearchResultPublic(
                lecture_id=hit.lecture_id,
                lecture_title=hit.lecture_title,
                kind=hit.kind,
                start=hit.start,
                snippet=[
                    SnippetPart.model_validate(part)
                    for part in snippet(hit.text, hit.kind, hit.language, query)
                ],
                score=hit.score,
            )
            for hit in hits
        ],
        total=total,
        limit=limit,
        offset=offset,
    )
