/** Finding where the listener is in a transcript. */

import type { Segment } from './api/types'

/**
 * Index of the segment being spoken at `time`, or -1 before the first one. Segments are ordered by start;
 * in a gap between two segments the earlier one stays highlighted, so the highlight does not flicker.
 */
export function activeSegmentIndex(segments: readonly Segment[], time: number): number {
  let low = 0
  let high = segments.length - 1
  let found = -1
  while (low <= high) {
    const middle = (low + high) >> 1
    if (segments[middle].start <= time) {
      found = middle
      low = middle + 1
    } else {
      high = middle - 1
    }
  }
  return found
}
