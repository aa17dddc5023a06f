// The hand-written API types (src/api/types.ts) and lecture rules (src/lecture.ts) against the running
// service's OpenAPI schema, so they cannot drift apart unnoticed: same fields, same nullability, the same
// statuses, and the stages in the backend's order.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { baseUrl } from './browser.mjs'

const TYPES = readFileSync(new URL('../src/api/types.ts', import.meta.url), 'utf8')
const LECTURE = readFileSync(new URL('../src/lecture.ts', import.meta.url), 'utf8')

/** `export interface X { name: type }` blocks as { X: { name: type } }, comments dropped. */
function interfaces(source) {
  const found = {}
  for (const [, name, body] of source.matchAll(/export interface (\w+) \{([^}]*)\}/g)) {
    const fields = {}
    for (const line of body.replace(/\/\*\*[\s\S]*?\*\//g, '').split('\n')) {
      const field = line.match(/^\s*(\w+)\??:\s*(.+?)\s*$/)
      if (field) fields[field[1]] = field[2]
    }
    found[name] = fields
  }
  return found
}

/** The string literals of `export const NAME = [...] as const`, in order. */
function constList(source, name) {
  const list = source.match(new RegExp(`export const ${name} = \\[([^\\]]*)\\] as const`))[1]
  return [...list.matchAll(/'([^']+)'/g)].map((match) => match[1])
}

const PAIRS = {
  Lecture: 'LecturePublic',
  LecturePage: 'LecturesPublic',
  Segment: 'SegmentPublic',
  Transcript: 'TranscriptPublic',
  GlossaryEntry: 'GlossaryEntryPublic',
  Glossary: 'GlossaryPublic',
  Summary: 'SummaryPublic',
  Templates: 'TemplatesPublic',
  AsrEngine: 'AsrEnginePublic',
  LanguageModel: 'LanguageModelPublic',
  Worker: 'WorkerPublic',
  Workers: 'WorkersPublic',
}

test('src/api/types.ts matches the service’s OpenAPI schema', async () => {
  const response = await fetch(`${baseUrl}/openapi.json`)
  assert.equal(response.status, 200)
  const schemas = (await response.json()).components.schemas
  const declared = interfaces(TYPES)

  for (const [tsName, schemaName] of Object.entries(PAIRS)) {
    const schema = schemas[schemaName]
    assert.ok(schema, `the API has ${schemaName}`)
    const fields = declared[tsName]
    assert.deepEqual(Object.keys(fields).sort(), Object.keys(schema.properties).sort(), `${tsName} fields`)
    for (const [field, property] of Object.entries(schema.properties)) {
      const nullable = (property.anyOf ?? []).some((option) => option.type === 'null')
      assert.equal(/\|\s*null\b/.test(fields[field]), nullable, `${tsName}.${field} is ${nullable ? '' : 'not '}nullable`)
    }
  }
})

test('src/lecture.ts has the API’s statuses, and its stages in the backend’s order', async () => {
  const schemas = (await (await fetch(`${baseUrl}/openapi.json`)).json()).components.schemas
  assert.deepEqual([...constList(LECTURE, 'LECTURE_STATUSES')].sort(), [...schemas.LectureStatus.enum].sort())
  assert.deepEqual(constList(LECTURE, 'STAGE_ORDER'), schemas.Stage.enum)
})
