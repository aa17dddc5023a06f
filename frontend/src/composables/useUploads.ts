/** Lecture uploads in flight and just finished, each with its own byte progress. */

import { ref } from 'vue'
import { ApiError, uploadLecture } from '../api/client'
import type { Lecture } from '../api/types'

export type UploadState = 'sending' | 'accepted' | 'rejected'

export interface UploadItem {
  key: number
  filename: string
  size: number
  /** Fraction of the request body sent, 0..1. */
  sent: number
  state: UploadState
  /** The server's reason for rejecting the file, or a network failure. */
  error: ApiError | null
  lecture: Lecture | null
}

export interface UploadFields {
  title?: string
  language?: string
  template?: string
}

export interface UploadSource {
  blob: Blob
  filename: string
}

export function useUploads(onAccepted: (lecture: Lecture) => void) {
  const uploads = ref<UploadItem[]>([])
  let nextKey = 1

  function update(key: number, change: Partial<UploadItem>): void {
    const item = uploads.value.find((upload) => upload.key === key)
    if (item) Object.assign(item, change)
  }

  async function sendOne(source: UploadSource, fields: UploadFields): Promise<UploadItem> {
    const key = nextKey++
    uploads.value.unshift({
      key,
      filename: source.filename,
      size: source.blob.size,
      sent: 0,
      state: 'sending',
      error: null,
      lecture: null,
    })
    try {
      const lecture = await uploadLecture(
        { file: source.blob, filename: source.filename, ...fields },
        (sent) => update(key, { sent }),
      )
      update(key, { state: 'accepted', lecture, sent: 1 })
      onAccepted(lecture)
    } catch (caught) {
      const error = caught instanceof ApiError ? caught : new ApiError(0, String(caught))
      update(key, { state: 'rejected', error })
    }
    return uploads.value.find((upload) => upload.key === key)!
  }

  /** Sends every file at once; a title given for several files is numbered so lectures stay distinguishable. */
  function send(sources: UploadSource[], fields: UploadFields): Promise<UploadItem[]> {
    return Promise.all(
      sources.map((source, index) => {
        const title = fields.title && sources.length > 1 ? `${fields.title} (${index + 1})` : fields.title
        return sendOne(source, { ...fields, title })
      }),
    )
  }

  function dismiss(key: number): void {
    uploads.value = uploads.value.filter((upload) => upload.key !== key)
  }

  function clearFinished(): void {
    uploads.value = uploads.value.filter((upload) => upload.state === 'sending')
  }

  return { uploads, send, dismiss, clearFinished }
}
