import { describe, expect, it } from 'vitest'
import { makeSegment } from './testing/lectures'
import { activeSegmentIndex } from './transcript'

const segments = [
  makeSegment(0, { start: 0, end: 4, text: 'a' }),
  makeSegment(1, { start: 4, end: 9, text: 'b' }),
  makeSegment(2, { start: 12, end: 15, text: 'c' }),
]

describe('activeSegmentIndex', () => {
  it('finds the segment containing the time', () => {
    expect(activeSegmentIndex(segments, 0)).toBe(0)
    expect(activeSegmentIndex(segments, 4)).toBe(1)
    expect(activeSegmentIndex(segments, 13.5)).toBe(2)
  })

  it('keeps the earlier segment through a pause and the last one after the end', () => {
    expect(activeSegmentIndex(segments, 10)).toBe(1)
    expect(activeSegmentIndex(segments, 99)).toBe(2)
  })

  it('is -1 before the first segment or without segments', () => {
    expect(activeSegmentIndex([makeSegment(0, { start: 2, end: 3 })], 1)).toBe(-1)
    expect(activeSegmentIndex([], 5)).toBe(-1)
  })
})
