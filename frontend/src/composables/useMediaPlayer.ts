/** Follows an <audio> element's position and seeks it on request, or to `startAt` seconds once it appears. */

import { onScopeDispose, ref, watch, type Ref } from 'vue'

export function useMediaPlayer(element: Ref<HTMLMediaElement | null>, startAt?: number) {
  const currentTime = ref(0)
  const playing = ref(false)

  const onTime = (event: Event) => (currentTime.value = (event.target as HTMLMediaElement).currentTime)
  const onPlay = () => (playing.value = true)
  const onPause = () => (playing.value = false)
  const events: [string, EventListener][] = [
    ['timeupdate', onTime],
    ['seeked', onTime],
    ['play', onPlay],
    ['pause', onPause],
    ['ended', onPause],
  ]

  watch(
    element,
    (media, previous) => {
      for (const [name, listener] of events) previous?.removeEventListener(name, listener)
      for (const [name, listener] of events) media?.addEventListener(name, listener)
    },
    { immediate: true },
  )
  onScopeDispose(() => {
    for (const [name, listener] of events) element.value?.removeEventListener(name, listener)
  })

  /** Jumps to `seconds` and plays from there: a click on a moment in the lecture means "let me hear it". */
  function seek(seconds: number): void {
    const media = element.value
    if (!media) return
    media.currentTime = seconds
    currentTime.value = seconds
    media.play().catch(() => {
      // Autoplay refused or no audio yet: the position is set, the user can press play.
    })
  }

  if (startAt !== undefined) {
    // Only where the element first appears: should it be rendered again later, the player must not jump back.
    // Before its metadata loads, the element keeps the position as where to start, so this can go at once.
    let started = false
    watch(
      element,
      (media) => {
        if (!media || started) return
        started = true
        seek(startAt)
      },
      { immediate: true },
    )
  }

  return { currentTime, playing, seek }
}
