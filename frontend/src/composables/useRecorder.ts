/** Recording from the microphone with MediaRecorder: elapsed time, an input level, and the recorded audio. */

import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'

export type RecorderState = 'idle' | 'requesting' | 'recording' | 'recorded' | 'failed'

const PREFERRED_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/mp4']

export function recordingExtension(mimeType: string): string {
  if (mimeType.startsWith('audio/ogg')) return 'ogg'
  if (mimeType.startsWith('audio/mp4')) return 'm4a'
  return 'webm'
}

export function isRecordingSupported(): boolean {
  return typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia
}

export function useRecorder() {
  const state = ref<RecorderState>('idle')
  const elapsedSeconds = ref(0)
  /** Input loudness, 0..1 (RMS of the latest audio frame, scaled up so speech fills most of the meter). */
  const level = ref(0)
  const recording = shallowRef<Blob | null>(null)
  const failure = ref('')

  let recorder: MediaRecorder | null = null
  let stream: MediaStream | null = null
  let audioContext: AudioContext | null = null
  let frame = 0
  let startedAt = 0

  function releaseDevices(): void {
    cancelAnimationFrame(frame)
    stream?.getTracks().forEach((track) => track.stop())
    void audioContext?.close()
    stream = null
    audioContext = null
    level.value = 0
  }

  function meter(source: MediaStream): void {
    audioContext = new AudioContext()
    const analyser = audioContext.createAnalyser()
    analyser.fftSize = 1024
    audioContext.createMediaStreamSource(source).connect(analyser)
    const samples = new Float32Array(analyser.fftSize)
    const tick = () => {
      analyser.getFloatTimeDomainData(samples)
      let sum = 0
      for (const sample of samples) sum += sample * sample
      level.value = Math.min(1, Math.sqrt(sum / samples.length) * 4)
      elapsedSeconds.value = (performance.now() - startedAt) / 1000
      frame = requestAnimationFrame(tick)
    }
    tick()
  }

  async function start(): Promise<void> {
    if (state.value === 'recording' || state.value === 'requesting') return
    recording.value = null
    failure.value = ''
    state.value = 'requesting'
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    } catch (caught) {
      failure.value = caught instanceof Error ? caught.message : String(caught)
      state.value = 'failed'
      return
    }
    const mimeType = PREFERRED_TYPES.find((type) => MediaRecorder.isTypeSupported(type))
    recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined)
    const chunks: Blob[] = []
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data)
    }
    recorder.onstop = () => {
      recording.value = new Blob(chunks, { type: recorder?.mimeType || mimeType || 'audio/webm' })
      state.value = 'recorded'
      releaseDevices()
    }
    startedAt = performance.now()
    elapsedSeconds.value = 0
    // A timeslice makes the browser hand over data as it goes instead of all at the end.
    recorder.start(1000)
    state.value = 'recording'
    meter(stream)
  }

  function stop(): void {
    if (recorder && recorder.state !== 'inactive') recorder.stop()
  }

  function discard(): void {
    recording.value = null
    elapsedSeconds.value = 0
    state.value = 'idle'
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      if (recorder && recorder.state !== 'inactive') {
        recorder.onstop = null
        recorder.stop()
      }
      releaseDevices()
    })
  }

  return { state, elapsedSeconds, level, recording, failure, start, stop, discard }
}
