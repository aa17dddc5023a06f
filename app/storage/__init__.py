"""Object storage for lecture originals, behind one interface."""

from app.core.config import Settings, StorageBackend
from app.storage.base import ObjectNotFound, Storage

__all__ = ["ObjectNotFound", "Storage", "create_storage"]


def create_storage(settings: Settings) -> Storage:
    match settings.storage_backend:
        case StorageBackend.LOCAL:
            from app.storage.local import LocalStorage

            return LocalStorage(settings.local_storage_dir)
        case StorageBackend.S3:
            from app.storage.s3 import S3Storage

            return S3Storage(
                bucket=settings.s3_bucket,
                endpoint_url=settings.s3_endpoint_url,
                access_key=settings.s3_access_key,
                secret_key=(
                    settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else None
                ),
                region=settings.s3_region,
                download_dir=settings.data_dir / "downloads",
            )
