// The hand-written API types (src/api/types.ts), lecture and account rules (src/lecture.ts, src/users.ts) and
// the client's endpoints (src/api/client.ts) against the running service's OpenAPI schema, so they cannot
// drift apart unnoticed: same fields, same nullability, the same statuses and roles, the stages in the
// backend's order, and every path the client calls served with that method.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { baseUrl } from './browser.mjs'

const TYPES = readFileSync(new URL('../src/api/types.ts', import.meta.url), 'utf8')
const LECTURE = readFileSync(new URL('../src/lecture.ts', import.meta.url), 'utf8')
const USERS = readFileSync(new URL('../src/users.ts', import.meta.url), 'utf8')

/** `export interface X { name: type }` blocks as { X: { name: type } }, comments dropped; `name?:` as `name`. */
function interfaces(source) {
  const found = {}
  for (const [, name, body] of source.matchAll(/export interface (\w+) \{([^}]*)\}/g)) {
    const fields = {}
    for (const line of body.replace(/\/\*\*[\s\S]*?\*\//g, '').split('\n')) {
      const field = line.match(/^\s*(\w+)(\??):\s*(.+?)\s*$/)
      if (field) fields[field[1]] = { type: field[3], optional: field[2] === '?' }
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
  Citation: 'CitationPublic',
  Question: 'QuestionPublic',
  Questions: 'QuestionsPublic',
  SnippetPart: 'SnippetPart',
  SearchResult: 'SearchResultPublic',
  SearchResults: 'SearchResultsPublic',
  DeliveryAttempt: 'DeliveryAttemptPublic',
}

/**
 * The account shapes, named here by the operation that answers with them or takes them, so the check does
 * not depend on what the backend calls its models. A list answer is checked by its items.
 */
const ANSWERS = {
  AccessToken: ['post', '/api/v1/login/access-token', '200'],
  User: ['get', '/api/v1/users/me', '200'],
  PersonalToken: ['get', '/api/v1/users/me/tokens', '200'],
  NewPersonalToken: ['post', '/api/v1/users/me/tokens', '201'],
  WebhookEndpoint: ['get', '/api/v1/webhooks', '200'],
  NewWebhookEndpoint: ['post', '/api/v1/webhooks', '201'],
  WebhookDelivery: ['get', '/api/v1/webhooks/{}/deliveries', '200'],
}
const REQUESTS = {
  UserCreate: ['post', '/api/v1/users'],
  UserUpdate: ['patch', '/api/v1/users/{}'],
  PasswordChange: ['post', '/api/v1/users/me/password'],
  PasswordReset: ['post', '/api/v1/users/{}/password'],
}

/** Every method and path src/api/client.ts calls, path parameters written `{}`. */
const CLIENT_CALLS = [
  ['get', '/api/v1/lectures'],
  ['post', '/api/v1/lectures'],
  ['get', '/api/v1/lectures/{}'],
  ['delete', '/api/v1/lectures/{}'],
  ['get', '/api/v1/lectures/{}/transcript'],
  ['get', '/api/v1/lectures/{}/glossary'],
  ['get', '/api/v1/lectures/{}/summary'],
  ['get', '/api/v1/lectures/{}/audio'],
  ['post', '/api/v1/lectures/{}/retry'],
  ['post', '/api/v1/lectures/{}/cancel'],
  ['get', '/api/v1/lectures/{}/questions'],
  ['post', '/api/v1/lectures/{}/questions'],
  ['get', '/api/v1/templates'],
  ['get', '/api/v1/workers'],
  ['post', '/api/v1/login/access-token'],
  ['post', '/api/v1/logout'],
  ['get', '/api/v1/users/me'],
  ['post', '/api/v1/users/me/password'],
  ['get', '/api/v1/users/me/tokens'],
  ['post', '/api/v1/users/me/tokens'],
  ['delete', '/api/v1/users/me/tokens/{}'],
  ['get', '/api/v1/users'],
  ['post', '/api/v1/users'],
  ['patch', '/api/v1/users/{}'],
  ['post', '/api/v1/users/{}/password'],
  ['get', '/api/v1/search'],
  ['get', '/api/v1/webhooks'],
  ['post', '/api/v1/webhooks'],
  ['delete', '/api/v1/webhooks/{}'],
  ['get', '/api/v1/webhooks/{}/deliveries'],
]

async function openApi() {
  const response = await fetch(`${baseUrl}/openapi.json`)
  assert.equal(response.status, 200)
  return response.json()
}

/** The schema's path items keyed by their path with every parameter written `{}`. */
function pathsByShape(api) {
  return Object.fromEntries(Object.entries(api.paths).map(([path, item]) => [path.replace(/\{[^}]+\}/g, '{}'), item]))
}

/** Follows `$ref`s (and pydantic's single-`allOf` wrappers) to the schema itself. */
function resolve(api, schema) {
  if (schema?.$ref) return resolve(api, api.components.schemas[schema.$ref.split('/').at(-1)])
  if (schema?.allOf?.length === 1) return resolve(api, schema.allOf[0])
  return schema
}

function jsonSchemaOf(api, content, where) {
  const schema = resolve(api, content?.['application/json']?.schema)
  assert.ok(schema, `${where} has a JSON schema`)
  return schema.type === 'array' ? resolve(api, schema.items) : schema
}

function assertSameFields(tsName, fields, schema, { checkNullable }) {
  assert.ok(fields, `src/api/types.ts declares ${tsName}`)
  assert.deepEqual(Object.keys(fields).sort(), Object.keys(schema.properties).sort(), `${tsName} fields`)
  for (const [field, property] of Object.entries(schema.properties)) {
    if (checkNullable) {
      const nullable = (property.anyOf ?? []).some((option) => option.type === 'null')
      assert.equal(/\|\s*null\b/.test(fields[field].type), nullable, `${tsName}.${field} is ${nullable ? '' : 'not '}nullable`)
    }
  }
}

test('src/api/types.ts matches the service’s OpenAPI schema', async () => {
  const api = await openApi()
  const schemas = api.components.schemas
  const declared = interfaces(TYPES)

  for (const [tsName, schemaName] of Object.entries(PAIRS)) {
    const schema = schemas[schemaName]
    assert.ok(schema, `the API has ${schemaName}`)
    assertSameFields(tsName, declared[tsName], schema, { checkNullable: true })
  }
})

test('the account shapes in src/api/types.ts match what the account endpoints answer and take', async () => {
  const api = await openApi()
  const paths = pathsByShape(api)
  const declared = interfaces(TYPES)

  for (const [tsName, [method, path, status]] of Object.entries(ANSWERS)) {
    const operation = paths[path]?.[method]
    assert.ok(operation, `the API has ${method.toUpperCase()} ${path}`)
    const schema = jsonSchemaOf(api, operation.responses[status]?.content, `${method.toUpperCase()} ${path} ${status}`)
    assertSameFields(tsName, declared[tsName], schema, { checkNullable: true })
  }
  for (const [tsName, [method, path]] of Object.entries(REQUESTS)) {
    const operation = paths[path]?.[method]
    assert.ok(operation, `the API has ${method.toUpperCase()} ${path}`)
    const schema = jsonSchemaOf(api, operation.requestBody?.content, `${method.toUpperCase()} ${path}'s body`)
    // A request's optional fields are `name?:` in TypeScript whatever their nullability on the server; what
    // matters is that the client never leaves out a field the server requires.
    assertSameFields(tsName, declared[tsName], schema, { checkNullable: false })
    for (const field of schema.required ?? []) {
      assert.equal(declared[tsName][field].optional, false, `${tsName}.${field} is required by the API`)
    }
  }
})

test('every endpoint src/api/client.ts calls is served with that method', async () => {
  const paths = pathsByShape(await openApi())
  const missing = CLIENT_CALLS.filter(([method, path]) => !paths[path]?.[method]).map(
    ([method, path]) => `${method.toUpperCase()} ${path}`,
  )
  assert.deepEqual(missing, [])
})

test('src/lecture.ts has the API’s statuses, and its stages in the backend’s order', async () => {
  const schemas = (await openApi()).components.schemas
  assert.deepEqual([...constList(LECTURE, 'LECTURE_STATUSES')].sort(), [...schemas.LectureStatus.enum].sort())
  assert.deepEqual(constList(LECTURE, 'STAGE_ORDER'), schemas.Stage.enum)
})

test('src/users.ts has the API’s roles', async () => {
  const api = await openApi()
  const user = jsonSchemaOf(api, pathsByShape(api)['/api/v1/users/me'].get.responses['200'].content, 'GET /users/me')
  const role = resolve(api, user.properties.role)
  assert.deepEqual([...constList(USERS, 'ROLES')].sort(), [...role.enum].sort())
})
