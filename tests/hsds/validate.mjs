// Validates an HSDS export (organizations.json, services.json) against the Open Referral HSDS 3
// schemas, with formats checked (ajv-formats: uuid, uri, date-time, email ...), strict mode off
// (the schemas carry HSDS's own keywords). Then corrupts one field at a time (a bad uuid, a bad
// uri, a bad date-time) and requires each corrupted export to be rejected at that field.
// Usage: node validate.mjs SCHEMA_DIR EXPORT_DIR
import fs from 'node:fs'
import path from 'node:path'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'

const [schemaDir, exportDir] = process.argv.slice(2)
if (!schemaDir || !exportDir) {
  console.error('usage: node validate.mjs SCHEMA_DIR EXPORT_DIR')
  process.exit(2)
}

const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
// The schemas refer to each other by file name ("url.json"), and have no $id: register each
// under its file name.
for (const file of fs.readdirSync(schemaDir).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')), file)
}
const validators = { organization: ajv.getSchema('organization.json'), service: ajv.getSchema('service.json') }
const read = (name) => JSON.parse(fs.readFileSync(path.join(exportDir, name), 'utf8'))
const exported = { organization: read('organizations.json'), service: read('services.json') }

// Every problem of `records` (of `kind`) as "kind[i]/path: message".
function problems(kind, records) {
  const found = []
  records.forEach((record, i) => {
    if (!validators[kind](record)) {
      for (const error of validators[kind].errors) found.push(`${kind}[${i}]${error.instancePath}: ${error.message}`)
    }
  })
  return found
}

let failed = false
for (const kind of ['organization', 'service']) {
  const found = problems(kind, exported[kind])
  console.log(`${kind}: ${exported[kind].length} records, ${found.length} problems`)
  for (const problem of found.slice(0, 20)) console.log(`  ${problem}`)
  if (exported[kind].length === 0 || found.length > 0) failed = true
}

// Each corruption must be caught, at its own field, as a format error.
const corruptions = [
  { kind: 'service', what: 'a bad uuid', field: '/id', apply: (r) => { r.id = 'not-a-uuid' } },
  { kind: 'organization', what: 'a bad uri', field: '/website', apply: (r) => { r.website = 'http://bad uri with spaces' } },
  { kind: 'service', what: 'a bad date-time', field: '/last_modified', apply: (r) => { r.last_modified = '2026-13-45T25:61:00Z' } },
  { kind: 'service', what: 'a bad uuid in a required document', field: '/required_documents/0/id',
    apply: (r) => { r.required_documents = [{ id: '1234', document: 'x' }] } },
]
for (const corruption of corruptions) {
  const record = structuredClone(exported[corruption.kind][0])
  corruption.apply(record)
  const valid = validators[corruption.kind](record)
  const errors = validators[corruption.kind].errors || []
  const caught = !valid && errors.some((e) => e.instancePath === corruption.field && e.keyword === 'format')
  console.log(`corrupted export, ${corruption.what} at ${corruption.field}: ${caught ? 'rejected' : 'ACCEPTED'}`)
  if (!caught) failed = true
}
process.exit(failed ? 1 : 0)
