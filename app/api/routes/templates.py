from fastapi import APIRouter

from app.api.deps import TemplatesDep
from app.api.schemas import TemplatesPublic

router = APIRouter(prefix="/templates", tags=["templates"])


@router.get("", response_model=TemplatesPublic)
async def list_templates(templates: TemplatesDep) -> TemplatesPublic:
    """Summary templates an upload can pick by name."""
    return TemplatesPublic(names=templates.names())
